package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// choice is a flag with a fixed set of values, so that a wrong one is a
// flag error naming them (`--output yaml`) and shells can complete them.
type choice struct {
	value   string
	allowed []string
}

func newChoice(def string, allowed ...string) *choice { return &choice{value: def, allowed: allowed} }

func (c *choice) String() string { return c.value }
func (c *choice) Type() string   { return strings.Join(c.allowed, "|") }

func (c *choice) Set(v string) error {
	if !slices.Contains(c.allowed, v) {
		return fmt.Errorf("must be %s", joinOr(c.allowed))
	}
	c.value = v
	return nil
}

// complete offers the allowed values to shell completion.
func (c *choice) complete(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.allowed, cobra.ShellCompDirectiveNoFileComp
}

// scopeList collects repeated --scope flags; one flag may also hold several
// space- or comma-separated scopes, as OAuth writes them.
type scopeList []string

func (s *scopeList) String() string { return strings.Join(*s, " ") }
func (s *scopeList) Type() string   { return "scopes" }

func (s *scopeList) Set(v string) error {
	*s = append(*s, strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })...)
	return nil
}

// noArgs refuses positional arguments as a usage error naming the first.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	// A runnable command with subcommands (sandbox): a stray word is most
	// likely a mistyped subcommand.
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's own default, set only on its path
	}
	if s := c.SuggestionsFor(args[0]); c.HasSubCommands() && len(s) > 0 {
		return usagef("unknown command %q; did you mean %s?", args[0], s[0])
	}
	return usagef("unexpected argument %q", args[0])
}
