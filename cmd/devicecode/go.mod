module github.com/devicecode/devicecode/cmd/devicecode

go 1.26.0

require (
	github.com/cli/browser v1.3.0
	github.com/devicecode/devicecode v0.0.0-00010101000000-000000000000
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	golang.org/x/oauth2 v0.36.0
	golang.org/x/term v0.47.0
	rsc.io/qr v0.2.0
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/oapi-codegen/runtime v1.9.0 // indirect
	golang.org/x/net v0.61.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

// The CLI is its own module so that its libraries stay out of the root
// go.mod, which every integrator's module graph includes. It drives the SDK
// of the same commit, internal packages included (safetext, hostname,
// loopback, golden, interop, sharedpath: Go allows them below the same
// import path): go.work joins the two for development, and this replace
// does the same when the module is tidied or built on its own (GOWORK=off).
// `go install …@version` refuses a module with a replace, so a release of
// the CLI (tag cmd/devicecode/vX.Y.Z) requires the SDK's release instead.
replace github.com/devicecode/devicecode => ../..
