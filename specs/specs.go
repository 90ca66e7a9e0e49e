// Package specs embeds the vendor contracts and the canonical device-code
// schema so that validation ships inside the binary and needs no files at
// run time.
package specs

import "embed"

// FS holds every file under specs/, by its path relative to this directory
// (e.g. "canonical/device-code.schema.json").
//
//go:embed canonical gitlab cohesity veeam microsoft
var FS embed.FS
