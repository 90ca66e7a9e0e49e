package cmdutil

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Exit codes shared by every command.
const (
	ExitOK    = 0
	ExitError = 1 // the operation ran and failed (invalid input, denied flow, …)
	ExitUsage = 2 // the command line was wrong
	// A signal ends the process with 128 + its number, as a shell reports
	// a process killed by it: 130 for SIGINT, 143 for SIGTERM.
	ExitSignalBase = 128
)

// UsageError is a wrong command line. It is reported as one line naming
// the problem and where help is, never with a usage dump, which would bury
// the one line that matters.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Usagef is a *UsageError.
func Usagef(format string, a ...any) error { return &UsageError{msg: fmt.Sprintf(format, a...)} }

// FlowError is an operation that ran and failed (exit 1). Its text is
// printed after "devicecode: " as it is: errors of the vendor packages
// already start with their vendor.
type FlowError struct{ Err error }

func (e *FlowError) Error() string { return e.Err.Error() }
func (e *FlowError) Unwrap() error { return e.Err }

// ErrReported is a failure the command has already described on stderr
// (normalize lists every problem itself).
var ErrReported = errors.New("failure already reported")

// Report prints err for cmd and returns the exit code. Everything goes
// through safetext.Escape: command lines and server answers alike may
// carry terminal controls.
func Report(stderr io.Writer, cmd *cobra.Command, err error) int {
	var fe *FlowError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrReported):
		return ExitError
	case errors.As(err, &fe):
		fmt.Fprintf(stderr, "devicecode: %s\n", safetext.Escape(fe.Error()))
		return ExitError
	}
	// Whatever else fails is the command line: flag parsing, argument
	// checks, cobra's own checks.
	path := "devicecode"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	fmt.Fprintf(stderr, "%s: %s (see '%s --help')\n", path, safetext.Escape(err.Error()), path)
	return ExitUsage
}
