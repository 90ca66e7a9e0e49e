// Package boundary holds no code: its tests prove the import graph the
// README promises (specs → gen → vendors; normalize and devicecode import no
// vendor and no generated client; the SDK links no CLI or build tool) and
// the module boundaries (the root go.mod, and so an integrator's module
// graph, holds no module of the CLI or the tools; go.work builds each
// module with the versions it ships with).
package boundary
