package cmdutil

import (
	"encoding/json"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Wrap breaks each line of s wider than cols columns at spaces, so that a
// terminal does not break words mid-way. A line that starts with a space
// (the indented URI and user code) and a word wider than cols (a long URI)
// stay whole: breaking them would change what the user must type or open.
func Wrap(s string, cols int) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if Columns(line) > cols && !strings.HasPrefix(line, " ") {
			lines[i] = wrapLine(line, cols)
		}
	}
	return strings.Join(lines, "\n")
}

// wrapLine fills lines greedily, word by word.
func wrapLine(line string, cols int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(line) {
		w := Columns(word)
		switch {
		case n == 0:
		case n+1+w <= cols:
			b.WriteByte(' ')
			n++
		default:
			b.WriteByte('\n')
			n = 0
		}
		b.WriteString(word)
		n += w
	}
	return b.String()
}

// Columns is the width of s on a terminal. The CLI's texts are ASCII but
// for "…", which East Asian terminals draw two columns wide: count it so.
func Columns(s string) int {
	return utf8.RuneCountInString(s) + strings.Count(s, "…")
}

// ExpiresIn is ", expires in 2h0m0s" for a token that says when it
// expires, "" for one that does not.
func ExpiresIn(tok *oauth2.Token) string {
	if tok.ExpiresIn <= 0 {
		return ""
	}
	return ", expires in " + (time.Duration(tok.ExpiresIn) * time.Second).String()
}

// WriteJSON writes v as indented JSON and a newline: the one --output json
// of every command. The values are often the server's: C1 and bidi
// characters, which encoding/json leaves raw, become \u escapes (the same
// JSON value) so that they cannot rewrite the terminal.
func WriteJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(safetext.EscapeJSON(b), '\n'))
	return err
}
