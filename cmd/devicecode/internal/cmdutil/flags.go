package cmdutil

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/normalize"
)

// Choice is a flag with a fixed set of values, so that a wrong one is a
// flag error naming them (`--output yaml`) and shells can complete them.
type Choice struct {
	Value   string
	allowed []string
}

// NewChoice is a Choice of allowed, def at first.
func NewChoice(def string, allowed ...string) *Choice { return &Choice{Value: def, allowed: allowed} }

func (c *Choice) String() string { return c.Value }

// Type is the values, "text|json", which the help shows as the flag's
// argument unless its description names one.
func (c *Choice) Type() string { return strings.Join(c.allowed, "|") }

// Set takes v if it is one of the allowed values.
func (c *Choice) Set(v string) error {
	if !slices.Contains(c.allowed, v) {
		return fmt.Errorf("must be %s", JoinOr(c.allowed))
	}
	c.Value = v
	return nil
}

// Allowed lists the values, in order.
func (c *Choice) Allowed() []string { return slices.Clone(c.allowed) }

// Complete offers the allowed values to shell completion.
func (c *Choice) Complete(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.allowed, cobra.ShellCompDirectiveNoFileComp
}

// ChoiceVar defines the flag name of c on cmd, with shell completion.
func ChoiceVar(cmd *cobra.Command, c *Choice, name, shorthand, usage string) {
	cmd.Flags().VarP(c, name, shorthand, usage)
	_ = cmd.RegisterFlagCompletionFunc(name, c.Complete)
}

// NoArgs refuses positional arguments as a usage error naming the first.
func NoArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	// A runnable command with subcommands (sandbox): a stray word is most
	// likely a mistyped subcommand.
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's own default, set only on its path
	}
	if s := c.SuggestionsFor(args[0]); c.HasSubCommands() && len(s) > 0 {
		return Usagef("unknown command %q; did you mean %s?", args[0], s[0])
	}
	return Usagef("unexpected argument %q", args[0])
}

// JoinOr lists alternatives as people write them: "a, b or c".
func JoinOr(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return fmt.Sprintf("%s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// Plural is "s" unless n is 1.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// NewVendorChoice is a --vendor flag's Choice: one of normalize.Vendors,
// none at first.
func NewVendorChoice() *Choice {
	var names []string
	for _, v := range normalize.Vendors() {
		names = append(names, string(v))
	}
	return NewChoice("", names...)
}
