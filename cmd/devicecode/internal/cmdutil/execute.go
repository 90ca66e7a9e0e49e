package cmdutil

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
)

// SetStreams makes root and every command below it read and write s.
// Call it first: cobra's completion commands keep the writer they find
// when they are added.
func SetStreams(root *cobra.Command, s *IOStreams) {
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
}

// Finish gives the tree under root, once complete, the conventions every
// command shares: a usage error as one line (Report) rather than a usage
// dump, no "devicecode login [flags]" line for a command that only groups
// others, such a command refusing to run alone, and help that fits 80
// columns, or a narrower terminal (s.Out's).
func Finish(root *cobra.Command, s *IOStreams) {
	setHelpFunc(root, s)
	root.SilenceErrors, root.SilenceUsage = true, true
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &UsageError{msg: err.Error()} })
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "{{if .Runnable}}", "{{if and .Runnable (not .HasAvailableSubCommands)}}", 1))
	requireSubcommands(root)
}

// Execute runs root on args and returns the exit status: Report's, or a
// signal's when one ended ctx (the shell shows ^C, nothing to add).
func Execute(ctx context.Context, root *cobra.Command, args []string, s *IOStreams) int {
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if code, ok := SignalExit(ctx); ok {
		return code
	}
	return Report(s.ErrOut, cmd, err)
}
