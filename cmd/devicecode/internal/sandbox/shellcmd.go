package sandbox

import (
	"regexp"
	"strings"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// shellCmd is a command line to print for pasting into a POSIX shell:
// units of words that stay on one line when they fit (a flag and its
// value; an environment assignment; the program and its subcommand).
type shellCmd [][]string

// env is a NAME=value assignment unit for the command's environment.
func env(name, value string) []string { return []string{name + "=" + shellQuote(value)} }

// words quotes each word for the shell, as one unit.
func words(ws ...string) []string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = shellQuote(w)
	}
	return q
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote is w as one shell word: as it is when nothing in it is
// special to a shell, else in single quotes.
func shellQuote(w string) string {
	if shellSafe.MatchString(w) {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// lines breaks the command into lines of at most cols columns at argument
// boundaries, each but the last ending in " \" so that the shell reads
// them as one when pasted: the first line indented by indent spaces, the
// others by two more. A unit moves to the next line whole when it fits
// there, else starts a line and breaks at its words; a word wider than a
// line (a long URL) stays whole, as a broken one would no longer paste.
func (c shellCmd) lines(indent, cols int) []string {
	var out []string
	cur, bare := strings.Repeat(" ", indent), true
	next := strings.Repeat(" ", indent+2)
	fits := func(s string, last bool) bool {
		if !last {
			s += ` \`
		}
		return cmdutil.Columns(s) <= cols
	}
	put := func(text string, last bool) {
		switch {
		case bare:
		case fits(cur+" "+text, last):
			cur += " "
		default:
			out, cur = append(out, cur+` \`), next
		}
		cur, bare = cur+text, false
	}
	for i, u := range c {
		last := i == len(c)-1
		text := strings.Join(u, " ")
		if (bare && fits(cur+text, last)) || (!bare && (fits(cur+" "+text, last) || fits(next+text, last))) {
			put(text, last)
			continue
		}
		if !bare { // a unit broken up starts a line of its own
			out, cur, bare = append(out, cur+` \`), next, true
		}
		for j, w := range u {
			put(w, last && j == len(u)-1)
		}
	}
	return append(out, cur)
}
