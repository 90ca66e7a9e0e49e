// Package boundary holds no code: its test proves the import graph the
// README promises (specs → gen → vendors; normalize and devicecode import no
// vendor and no generated client; the SDK links no CLI or build tool).
package boundary
