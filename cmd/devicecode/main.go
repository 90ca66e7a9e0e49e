// Command devicecode signs people in with the OAuth 2.0 Device Authorization
// Grant (RFC 8628) and checks vendor responses against devicecode's contracts.
//
// The commands are packages of their own under internal/, one per command
// as gh has them (internal/root wires them); main only runs the tree, with
// the process's streams and signals.
package main

import (
	"context"
	"os"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// buildTime is set by a release build that wants it shown:
// go build -ldflags "-X main.buildTime=$(date -u +%FT%TZ)". The Go
// toolchain records the commit time, never the build time.
var buildTime string

func main() {
	ctx, stop := cmdutil.SignalContext(context.Background())
	code := runUntilSignal(ctx, os.Args[1:], cmdutil.System(buildTime))
	stop() // os.Exit skips deferred calls
	os.Exit(code)
}
