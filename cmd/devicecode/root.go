package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// newRoot builds the command tree for one run, writing to s.
func newRoot(s stdio) *cobra.Command {
	root := &cobra.Command{
		Use:   "devicecode",
		Short: "Sign in with the OAuth 2.0 device flow and check vendor responses",
		Long: `devicecode signs people in with the OAuth 2.0 Device Authorization Grant
(RFC 8628) and checks vendors' device authorization responses against
devicecode's contracts.

Prompts and progress go to stderr, results to stdout. Exit status: 0 success;
1 the operation failed; 2 the command line was wrong; 130 interrupted (Ctrl-C),
143 terminated.`,
		Version: versionText(buildInfo()),
		// Usage errors are one line (see report), help is asked for.
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetVersionTemplate("{{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "print the version and build details (as 'devicecode version')")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{msg: err.Error()} })
	root.SetUsageTemplate(usageTemplate(root.UsageTemplate()))
	root.AddCommand(newDemoCmd(s), newLoginCmd(s), newNormalizeCmd(s), newConformCmd(s), newSandboxCmd(s), newVersionCmd())
	root.SetHelpCommand(newHelpCmd())
	// Added now rather than at Execute, so that every command exists when
	// the tree is checked (requireSubcommands) and walked by the help tests.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Annotations = map[string]string{nounKey: "shell"}
	}
	requireSubcommands(root)
	return root
}

// usageTemplate drops cobra's "devicecode login [flags]" line for commands
// that only group others: they do nothing by themselves.
func usageTemplate(t string) string {
	return strings.Replace(t, "{{if .Runnable}}", "{{if and .Runnable (not .HasAvailableSubCommands)}}", 1)
}
