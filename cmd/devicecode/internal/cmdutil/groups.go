package cmdutil

import (
	"github.com/spf13/cobra"
)

// NounKey names, in a command's Annotations, what its subcommands are
// ("vendor" for login), for the usage errors of RequireSubcommands.
const NounKey = "devicecode/subcommand-noun"

// requireSubcommands makes every command that only groups others (the
// root, login, completion) refuse to run alone or with an unknown name.
// Cobra would print the help and exit 0, which hides the mistake from a
// script.
func requireSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		requireSubcommands(sub)
	}
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	// Flags belong to the subcommand: `login okta --client-id x` is about
	// the vendor, not about a flag login does not have. (The root keeps
	// the check, for a mistyped root flag.)
	c.FParseErrWhitelist.UnknownFlags = c.HasParent()
	c.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		// Edit distance 2 suits "gitlba" but turns "tcsh" into "bash".
		cmd.SuggestionsMinimumDistance = max(min(2, (len(args[0])-1)/2), 1)
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return Usagef("unknown %s %q; did you mean %s?", noun(cmd), args[0], s[0])
		}
		return Usagef("unknown %s %q; want %s", noun(cmd), args[0], choices(cmd))
	}
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		return Usagef("missing %s; want %s", noun(cmd), choices(cmd))
	}
}

func noun(c *cobra.Command) string {
	if n := c.Annotations[NounKey]; n != "" {
		return n
	}
	return "command"
}

// choices lists the subcommands a person would type: "gitlab or microsoft".
func choices(c *cobra.Command) string {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return JoinOr(names)
}
