// Command devicecode signs people in with the OAuth 2.0 Device Authorization
// Grant (RFC 8628) and checks vendor responses against devicecode's contracts.
package main

import (
	"context"
	"io"
	"os"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitError = 1 // the operation ran and failed (invalid input, denied flow, …)
	exitUsage = 2 // the command line was wrong
	// A signal ends the process with 128 + its number, as a shell reports
	// a process killed by it: 130 for SIGINT, 143 for SIGTERM.
	exitSignalBase = 128
)

// stdio carries the streams so that tests run commands in-process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	// errWidth makes err a terminal of that width (tests); when nil, err
	// is a terminal if it is one.
	errWidth func() (int, bool)
}

func main() {
	ctx, stop := signalContext(context.Background())
	code := runUntilSignal(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop() // os.Exit skips deferred calls
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, s stdio) int {
	root := newRoot(s) //nolint:contextcheck // cobra hands ctx to every RunE as cmd.Context()
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if code, ok := signalExit(ctx); ok {
		return code // interrupted: the shell shows ^C, nothing to add
	}
	return report(s.err, cmd, err)
}
