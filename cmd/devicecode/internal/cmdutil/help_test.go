package cmdutil

import (
	"strings"
	"testing"
)

func TestWrapHelp(t *testing.T) {
	for _, tc := range []struct {
		name  string
		width int
		in    string
		want  string
	}{
		{"what fits stays", 30, "Usage:\n  devicecode  a  b\n\tsource x\n", "Usage:\n  devicecode  a  b\n\tsource x\n"},
		{"a paragraph is filled anew", 20,
			"one two three four five\nsix seven\n\nnext",
			"one two three four\nfive six seven\n\nnext"},
		{"a command continues with a backslash, quotes and $( ) whole", 30,
			"Examples:\n  devicecode login veeam --username 'CONTOSO\\admin' --display-name \"VB365 backup\" > $(brew --prefix)/x",
			"Examples:\n  devicecode login veeam \\\n      --username \\\n      'CONTOSO\\admin' \\\n      --display-name \\\n      \"VB365 backup\" > \\\n      $(brew --prefix)/x"},
		{"a continued command is laid out anew", 40,
			"Examples:\n  devicecode login gitlab --base-url https://gitlab.example.com \\\n      --scope api",
			"Examples:\n  devicecode login gitlab --base-url \\\n      https://gitlab.example.com \\\n      --scope api"},
		{"a comment continues as a comment", 20,
			"Examples:\n  # then, in another terminal:",
			"Examples:\n  # then, in another\n  # terminal:"},
		{"a tab-indented line is a command", 30,
			"Load it:\n\n\tdevicecode completion zsh > \"${fpath[1]}/_devicecode\"",
			"Load it:\n\n        devicecode \\\n            completion zsh > \\\n            \"${fpath[1]}/_devicecode\""},
		{"an entry continues under its description", 30,
			"Available Commands:\n  demo        Sign in to each vendor's fake",
			"Available Commands:\n  demo        Sign in to each\n              vendor's fake"},
		{"an entry's own continuation lines are filled with it", 30,
			"  requests  the timeline: one\n            {at_s, method} per\n            request\n  outcome   in words",
			"  requests  the timeline: one\n            {at_s, method} per\n            request\n  outcome   in words"},
		{"flags under their column", 40,
			"Flags:\n  -h, --help     help for x\n      --open     open the verification page in the browser",
			"Flags:\n  -h, --help     help for x\n      --open     open the verification\n                 page in the browser"},
		{"flags with a column past half the width: below, all alike", 30,
			"Flags:\n  -h, --help                help for x\n      --allow-host HOST     also accept HOST as the page's host",
			"Flags:\n  -h, --help\n          help for x\n      --allow-host HOST\n          also accept HOST as\n          the page's host"},
		{"a paragraph after the flags is prose", 30,
			"Flags:\n  -h, --help   help for x\n\nUse \"x [command] --help\" for more information.",
			"Flags:\n  -h, --help   help for x\n\nUse \"x [command] --help\" for\nmore information."},
		{"a word wider than the width stays whole", 10, "see https://example.com/long", "see\nhttps://example.com/long"},
	} {
		if got := WrapHelp(tc.in, tc.width); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// TestHelpWidth: 80 columns off a terminal and in a wide one, the
// terminal's width in a narrower one, never under 20.
func TestHelpWidth(t *testing.T) {
	for _, tc := range []struct {
		width int
		tty   bool
		want  int
	}{{0, false, 80}, {200, true, 80}, {80, true, 80}, {60, true, 60}, {5, true, 20}} {
		s := &IOStreams{Out: &strings.Builder{}, OutWidth: func() (int, bool) { return tc.width, tc.tty }}
		if got := helpWidth(s); got != tc.want {
			t.Errorf("terminal %d (%v): %d, want %d", tc.width, tc.tty, got, tc.want)
		}
	}
}
