module github.com/devicecode/devicecode/cmd/devicecode

go 1.26.0

require (
	github.com/chromedp/chromedp v0.23.1
	github.com/cli/browser v1.3.0
	github.com/devicecode/devicecode v0.0.0-00010101000000-000000000000
	github.com/devicecode/devicecode/durable v0.0.0-00010101000000-000000000000
	github.com/google/shlex v0.0.0-20191202100458-e7afc7fbc510
	github.com/riverqueue/river/riverdriver/riversqlite v0.51.2
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.9
	golang.org/x/oauth2 v0.36.0
	golang.org/x/term v0.47.0
	rsc.io/qr v0.2.0
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/chromedp/cdproto v0.160.1 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/oapi-codegen/runtime v1.9.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/riverqueue/river v0.51.2 // indirect
	github.com/riverqueue/river/riverdriver v0.51.2 // indirect
	github.com/riverqueue/river/rivershared v0.51.2 // indirect
	github.com/riverqueue/river/rivertype v0.51.2 // indirect
	github.com/tidwall/gjson v1.20.0 // indirect
	github.com/tidwall/match v1.2.0 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
	golang.org/x/net v0.61.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	modernc.org/libc v1.80.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
	modernc.org/sqlite v1.62.0 // indirect
)

// The CLI is its own module so that its libraries stay out of the root
// go.mod, which every integrator's module graph includes. It drives the SDK
// of the same commit, internal packages included (safetext, hostname,
// loopback, golden, interop, sharedpath: Go allows them below the same
// import path): go.work joins the two for development, and this replace
// does the same when the module is tidied or built on its own (GOWORK=off).
// `go install …@version` refuses a module with a replace, so a release of
// the CLI (tag cmd/devicecode/vX.Y.Z) requires the SDK's release instead.
// The same holds for package durable's module (the demo's durable
// scenario), which keeps River and SQLite out of the SDK's go.mod.
replace (
	github.com/devicecode/devicecode => ../..
	github.com/devicecode/devicecode/durable => ../../durable
)
