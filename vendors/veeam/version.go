package veeam

// Version is a VB365 REST API version, which is also its path prefix.
type Version string

// The versions this package speaks. Their device-code operations are the
// same; the differences it absorbs are listed in specs/veeam/SOURCE.md.
const (
	V6 Version = "v6"
	V7 Version = "v7"
	V8 Version = "v8"
)

// Versions are the known versions, newest first: the probe's order.
var Versions = []Version{V8, V7, V6}

func (v Version) known() bool {
	for _, k := range Versions {
		if v == k {
			return true
		}
	}
	return false
}

// hasAntiforgery: v7 introduced the antiforgery token and the
// disable_antiforgery_token request field (v6 does not declare it).
func (v Version) hasAntiforgery() bool { return v != V6 }
