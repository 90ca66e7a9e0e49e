package root

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// newHelpCmd replaces cobra's help command, which answers an unknown topic
// with the root's usage and exit 0 (and exits the process itself when
// printing fails); here an unknown topic is a usage error like any other.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help shows the help of any command: devicecode help login gitlab.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return subcommandNames(c.Root(), args, toComplete), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return cmdutil.Usagef("unknown help topic %q", strings.Join(args, " "))
			}
			// Added at Execute otherwise: help must list them as --help does.
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// subcommandNames completes the command path args with the subcommands of
// the command it names.
func subcommandNames(root *cobra.Command, args []string, prefix string) []cobra.Completion {
	cmd, rest, err := root.Find(args)
	if err != nil || len(rest) > 0 {
		return nil
	}
	var names []cobra.Completion
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), prefix) {
			names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
		}
	}
	return names
}
