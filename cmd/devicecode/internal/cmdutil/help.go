package cmdutil

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

// HelpWidth is the width help is written for: 80 columns, or a terminal's
// width when it is narrower.
const HelpWidth = 80

// minHelpWidth keeps a tiny window from folding help one word a line.
const minHelpWidth = 20

// helpWidth is the width of help on s.Out.
func helpWidth(s *IOStreams) int {
	w, ok := s.OutTerminalWidth()
	if !ok || w >= HelpWidth {
		return HelpWidth
	}
	return max(w, minHelpWidth)
}

// setHelpFunc makes every command's help fit its width: cobra's help, with
// the lines wider than the width wrapped at words by WrapHelp.
func setHelpFunc(root *cobra.Command, s *IOStreams) {
	cobraHelp := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		out := c.OutOrStdout()
		var b bytes.Buffer
		c.SetOut(&b)
		cobraHelp(c, args)
		c.SetOut(out)
		_, _ = io.WriteString(out, WrapHelp(b.String(), helpWidth(s)))
	})
}

// section is a heading of cobra's help.
var section = regexp.MustCompile(`^(Usage|Aliases|Examples|Available Commands|Additional Commands|Flags|Global Flags|Additional help topics):$`)

// helpLine is a line of help: as written, and as a terminal shows its
// indent (a tab to column 8).
type helpLine struct{ text, shown string }

// WrapHelp breaks the lines of help wider than width at spaces, never
// inside a word, so that help read in a narrower terminal is not cut
// mid-word by it. It works on blocks, and leaves a block whose lines all
// fit as they are:
//
//   - a paragraph of prose (unindented lines) is filled anew;
//   - a command (in Examples, or indented by a tab as in cobra's completion
//     help), with the lines its " \" continues, is laid out anew with " \"
//     at each break and the lines after the first indented 4 more, so that
//     it still pastes into a shell; a quoted argument and a $( … ) stay
//     whole, and a comment continues as a comment;
//   - an entry, an indented line (a command with its description, a
//     Usage line) with the lines below it that start at its description's
//     column, is filled under that column, or with the description on the
//     lines below, indented 4 more, when the column is past half the width;
//   - a list of flags is laid out as one: every description under their
//     column, or, when it is past half the width, every description on
//     the lines below its flag, indented as far as the long flags' names
//     and 4 more.
//
// A word wider than the width stays whole.
func WrapHelp(help string, width int) string {
	var lines []helpLine
	for _, l := range strings.Split(help, "\n") {
		lines = append(lines, helpLine{text: l, shown: expandTabs(l)})
	}
	var out []string
	heading := ""
	for i := 0; i < len(lines); {
		l := lines[i]
		j := i + 1
		var layout func(block []string, width int) []string
		switch {
		case section.MatchString(l.text):
			heading = l.text
		case l.text == "":
		case heading == "Examples:" || strings.HasPrefix(l.text, "\t"):
			for j < len(lines) && strings.HasSuffix(lines[j-1].text, " \\") {
				j++
			}
			layout = command
		case l.text[0] != ' ':
			for j < len(lines) && lines[j].text != "" && lines[j].text[0] != ' ' && lines[j].text[0] != '\t' &&
				!section.MatchString(lines[j].text) {
				j++
			}
			layout = paragraph
		case strings.HasSuffix(heading, "Flags:"):
			// The whole list, so that every flag is laid out alike.
			for j < len(lines) && strings.HasPrefix(lines[j].text, " ") {
				j++
			}
			layout = flagList
		default:
			// The lines below that start at its description's column
			// continue it (a description cobra wrapped); an entry without
			// one stands alone.
			if col := descColumn(l.shown); col > 0 {
				for j < len(lines) && lines[j].text != "" && len(leading(lines[j].shown)) >= col {
					j++
				}
			}
			layout = entry
		}
		block := lines[i:j]
		if layout == nil || fits(block, width) {
			for _, b := range block {
				out = append(out, b.text)
			}
		} else {
			shown := make([]string, len(block))
			for k, b := range block {
				shown[k] = b.shown
			}
			out = append(out, layout(shown, width)...)
		}
		i = j
	}
	return strings.Join(out, "\n")
}

// paragraph fills the lines of prose anew.
func paragraph(block []string, width int) []string {
	return fill(strings.Fields(strings.Join(block, " ")), "", "", width)
}

func fits(block []helpLine, width int) bool {
	for _, l := range block {
		if Columns(l.shown) > width {
			return false
		}
	}
	return true
}

// command lays out a shell command, the lines of block joined, with " \"
// at each break; a comment continues as a comment.
func command(block []string, width int) []string {
	indent := leading(block[0])
	text := block[0][len(indent):]
	for _, l := range block[1:] {
		text = strings.TrimSuffix(text, "\\") + " " + strings.TrimSpace(l)
	}
	if strings.HasPrefix(text, "#") {
		return fill(strings.Fields(strings.TrimPrefix(text, "#")), indent+"# ", indent+"# ", width)
	}
	cont := indent + "    "
	words := shellWords(text)
	var out []string
	cur, n := indent, len(indent)
	for i, w := range words {
		room := width
		if i < len(words)-1 {
			room -= 2 // the " \" a break after w would need
		}
		switch {
		case n == len(indent) && len(out) == 0, n == len(cont) && len(out) > 0:
		case n+1+Columns(w) <= room:
			cur += " "
			n++
		default:
			out = append(out, cur+" \\")
			cur, n = cont, len(cont)
		}
		cur += w
		n += Columns(w)
	}
	return append(out, cur)
}

// shellWords splits s at spaces outside quotes and command substitutions,
// keeping a quoted argument ("VB365 backup", 'CONTOSO\admin') and a
// $(brew --prefix) one word.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	var quote rune
	depth := 0 // of $( … )
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '(' && strings.HasSuffix(b.String(), "$"):
			depth++
		case r == ')' && depth > 0:
			depth--
		case r == ' ' && depth == 0:
			if b.Len() > 0 {
				words = append(words, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		words = append(words, b.String())
	}
	return words
}

// entry fills an indented line and the lines below it that continue it:
// under the column its description starts at (descColumn), or, when that
// column is past half the width, with the description on the lines below
// the name, indented 4 more than the line; a line without a description
// continues indented 4 more.
func entry(block []string, width int) []string {
	first := block[0]
	indent := leading(first)
	var rest []string
	for _, l := range block[1:] {
		rest = append(rest, strings.Fields(l)...)
	}
	next := indent + "    "
	col := descColumn(first)
	if col == 0 {
		return fill(append(strings.Fields(first), rest...), indent, next, width)
	}
	words := append(strings.Fields(first[col:]), rest...)
	if col <= width/2 {
		return fill(words, first[:col], strings.Repeat(" ", col), width)
	}
	return append(fill(strings.Fields(first[:col]), indent, next, width), fill(words, next, next, width)...)
}

// flagList lays out pflag's list of flags, one line each: descriptions
// under their column, or below their flags.
func flagList(block []string, width int) []string {
	col := descColumn(block[0])
	if col == 0 || col <= width/2 {
		var out []string
		for _, l := range block {
			out = append(out, entry([]string{l}, width)...)
		}
		return out
	}
	names := "      " // where a long flag's name starts: "  -h, --help" or "      --open"
	next := names + "    "
	var out []string
	for _, l := range block {
		out = append(out, fill(strings.Fields(l[:col]), leading(l), names+"  ", width)...)
		out = append(out, fill(strings.Fields(l[col:]), next, next, width)...)
	}
	return out
}

// descColumn is where the description of an indented line starts: after
// the first run of two or more spaces past its indent ("  demo        Sign
// in …"); 0 when there is none.
func descColumn(line string) int {
	indent := leading(line)
	k := strings.Index(line[len(indent):], "  ")
	if k < 0 {
		return 0
	}
	k += len(indent)
	return len(line) - len(strings.TrimLeft(line[k:], " "))
}

// fill lays words out greedily: the first line after first, the others
// after next.
func fill(words []string, first, next string, width int) []string {
	var out []string
	cur, n, empty := first, Columns(first), true
	for _, w := range words {
		switch {
		case empty:
		case n+1+Columns(w) <= width:
			cur += " "
			n++
		default:
			out = append(out, strings.TrimRight(cur, " "))
			cur, n = next, Columns(next)
		}
		cur += w
		n += Columns(w)
		empty = false
	}
	return append(out, strings.TrimRight(cur, " "))
}

func leading(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " "))] }

// expandTabs turns the tabs that indent a line (cobra's completion help
// has them) into spaces to the next multiple of 8, as a terminal shows
// them.
func expandTabs(s string) string {
	tabs := len(s) - len(strings.TrimLeft(s, "\t"))
	if tabs == 0 {
		return s
	}
	return strings.Repeat(" ", 8*tabs) + s[tabs:]
}
