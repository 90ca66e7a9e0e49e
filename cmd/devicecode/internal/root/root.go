// Package root is the command tree of devicecode: the root command with
// --version, the help and version commands, shell completion, and every
// command package wired under it.
package root

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/conform"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/demo"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/normalizecmd"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/sandbox"
)

// Run executes one command line on f and returns the process exit code.
func Run(ctx context.Context, args []string, f *cmdutil.Factory) int {
	return cmdutil.Execute(ctx, NewCmd(f), args, f.IO) //nolint:contextcheck // cobra hands ctx to every RunE as cmd.Context()
}

// NewCmd builds the command tree for one run on f.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "devicecode",
		Short: "Sign in with the OAuth 2.0 device flow and check vendor responses",
		Long: `devicecode signs people in with the OAuth 2.0 Device Authorization Grant
(RFC 8628) and checks vendors' device authorization responses against
devicecode's contracts.

Prompts and progress go to stderr, results to stdout. Exit status: 0 success;
1 the operation failed; 2 the command line was wrong; 130 interrupted (Ctrl-C),
143 terminated.`,
		Version: versionText(buildInfo(), f.BuildTime),
	}
	cmdutil.SetStreams(root, f.IO)
	root.SetVersionTemplate("{{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "print the version and build details (as 'devicecode version')")
	root.AddCommand(demo.NewCmd(f), login.NewCmd(f), normalizecmd.NewCmd(f), conform.NewCmd(f), sandbox.NewCmd(f), newVersionCmd(f))
	root.SetHelpCommand(newHelpCmd())
	// Added now rather than at Execute, so that every command exists when
	// the tree is finished (cmdutil.Finish) and walked by the help tests.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Annotations = map[string]string{cmdutil.NounKey: "shell"}
	}
	cmdutil.Finish(root, f.IO)
	return root
}
