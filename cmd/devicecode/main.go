// Command devicecode signs people in with the OAuth 2.0 Device Authorization
// Grant (RFC 8628) and checks vendor responses against devicecode's contracts.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitError = 1 // the operation ran and failed (invalid input, denied flow, …)
	exitUsage = 2 // the command line was wrong

	// exitHelp lets a subcommand's parser say "help was asked for: stop
	// here, successfully"; run turns it into exitOK.
	exitHelp = -1
)

// stdio carries the streams so that tests run commands in-process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// command is one subcommand; run returns the process exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, s stdio) int
}

// commands is filled by each subcommand's file, keeping one concept per file.
var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		usage(s.err)
		return exitUsage
	}
	if isHelp(args[0]) || args[0] == "help" {
		usage(s.out)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(s.err, "devicecode: unknown command %q\n", args[0])
		usage(s.err)
		return exitUsage
	}
	if code := c.run(ctx, args[1:], s); code != exitHelp {
		return code
	}
	return exitOK
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// parseExit maps a flag parse error to an exit code: asking for help is
// not a usage error.
func parseExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitHelp
	}
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: devicecode <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}
