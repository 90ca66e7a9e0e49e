package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/internal/safetext"
)

// usageError is a wrong command line. It is reported as one line naming
// the problem and where help is, never with a usage dump, which would bury
// the one line that matters.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

// flowError is an operation that ran and failed (exit 1). Its text is
// printed after "devicecode: " as it is: errors of the vendor packages
// already start with their vendor.
type flowError struct{ err error }

func (e *flowError) Error() string { return e.err.Error() }
func (e *flowError) Unwrap() error { return e.err }

// errReported is a failure the command has already described on stderr
// (normalize lists every problem itself).
var errReported = errors.New("failure already reported")

// report prints err for cmd and returns the exit code. Everything goes
// through safetext.Escape: command lines and server answers alike may
// carry terminal controls.
func report(stderr io.Writer, cmd *cobra.Command, err error) int {
	var fe *flowError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errReported):
		return exitError
	case errors.As(err, &fe):
		fmt.Fprintf(stderr, "devicecode: %s\n", safetext.Escape(fe.Error()))
		return exitError
	}
	// Whatever else fails is the command line: flag parsing, argument
	// checks, cobra's own checks.
	path := "devicecode"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	fmt.Fprintf(stderr, "%s: %s (see '%s --help')\n", path, safetext.Escape(err.Error()), path)
	return exitUsage
}
