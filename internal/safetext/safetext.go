// Package safetext is the one sanitizer for text a server sent: whatever
// reaches a terminal or an Error() string passes through it first.
//
// An escape sequence in a vendor's message, an OAuth error_description or
// an HTTP reason phrase could rewrite the screen, retitle the window, hide
// the real verification URI or plant a hyperlink; a bidi override can make
// "evil.example/moc.tfosorcim" read backwards. So:
//   - ESC and CSI sequences (ECMA-48: CSI, OSC, DCS, APC, PM, SOS strings)
//     are removed whole, since their parameters are not text either;
//   - other C0 and C1 controls, DEL, bidi and other format characters,
//     default-ignorable code points and invalid UTF-8 are shown as visible
//     escapes (\x07, \u202e), so a reader sees that something was there;
//   - tabs and line breaks become spaces, so one message stays one line;
//   - the result is bounded in length.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Redacted stands for a secret wherever one is withheld: in a redacted
// value, in server text that echoed it, in a recording.
const Redacted = "[REDACTED]"

// MaxLen bounds a sanitized text, in bytes: long enough for Entra's
// error_description with its trace and correlation ids, short enough that a
// hostile server cannot flood a terminal or a log line.
const MaxLen = 512

const (
	esc = '\x1b'
	csi = '\u009b' // the C1 form of ESC [
)

// Show returns s fit for a terminal and an error string: escape sequences
// removed, other invisible characters escaped visibly, line breaks turned
// into spaces, at most MaxLen bytes.
func Show(s string) string { return Bound(clean(s, visible), MaxLen) }

// Escape is Show without the length bound, for text the program composed
// around server-sent parts (a whole error message) that may be longer.
func Escape(s string) string { return clean(s, visible) }

// ASCII is Show with every character beyond ASCII escaped too (\u043e),
// for a name whose letters could pass for another's: a Cyrillic о reads as
// a Latin o, so a host name that has no ASCII form is shown this way.
func ASCII(s string) string { return Bound(clean(s, asciiOnly), MaxLen) }

// Strip removes escape sequences and every other non-printable character
// instead of escaping them (tabs and line breaks become spaces). It suits
// prose shown to a person, such as a vendor's sign-in message, where escapes
// would only add noise. It does not bound the length.
func Strip(s string) string { return clean(s, strip) }

// mode is what clean does with a character it does not keep.
type mode int

const (
	strip     mode = iota // drop it
	visible               // escape it visibly
	asciiOnly             // escape it, and every character beyond ASCII
)

func clean(s string, m mode) string {
	if printableASCII(s) || m != asciiOnly && isClean(s) {
		return s
	}
	visible := m != strip
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == esc || r == csi:
			i += escapeLen(s[i:])
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			if visible {
				fmt.Fprintf(&b, `\x%02x`, s[i])
			}
		case Printable(r) && (r < 0x80 || m != asciiOnly):
			b.WriteRune(r)
		case visible && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case visible && r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		case visible:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// Bound cuts s to at most n bytes on a rune boundary, marking the cut.
func Bound(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "..."
	cut := max(n-len(mark), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}

// isClean reports whether s has nothing Show or Strip would change, apart
// from the length bound.
func isClean(s string) bool {
	if printableASCII(s) {
		return true
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if !Printable(r) {
			return false
		}
	}
	return true
}

// printableASCII reports whether s is printable ASCII only (space to
// tilde), the usual case, which needs no rune decoding or Unicode tables.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// Printable excludes control and format characters (including bidi
// overrides), U+FFFD, which encoding/json substitutes for invalid UTF-8, and
// the invisible characters below.
func Printable(r rune) bool {
	return r != utf8.RuneError && unicode.IsPrint(r) && !invisible(r)
}

// invisible reports the default-ignorable code points that unicode.IsPrint
// accepts as letters or marks, though terminals draw nothing for them: the
// combining grapheme joiner U+034F, the Hangul fillers U+3164 and U+FFA0,
// variation selectors.
func invisible(r rune) bool {
	return r >= 0x300 && unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// Problem says why s cannot be shown as is, or "" when it can; for values
// that must be refused rather than cleaned (a user code the person types).
func Problem(s string) string {
	if printableASCII(s) {
		return ""
	}
	for _, r := range s {
		switch {
		case r == esc || r == csi:
			return "contains a terminal escape sequence"
		case r == utf8.RuneError:
			return "contains invalid UTF-8"
		case unicode.IsControl(r):
			return "contains control characters"
		case !Printable(r):
			return "contains non-printable characters"
		}
	}
	return ""
}

// escapeLen is the length of the escape sequence at the start of s (which
// begins with ESC or CSI), following ECMA-48: CSI sequences end at a byte in
// 0x40–0x7E, OSC/DCS/APC/PM/SOS strings at BEL or ESC \, anything else is
// ESC plus one character.
func escapeLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if r == esc {
		if len(s) == n {
			return n
		}
		switch s[n] {
		case '[':
			return n + 1 + csiLen(s[n+1:])
		case ']', 'P', '_', '^', 'X':
			return n + 1 + stringLen(s[n+1:])
		}
		_, m := utf8.DecodeRuneInString(s[n:])
		return n + m
	}
	return n + csiLen(s[n:])
}

// csiLen is the length of a CSI sequence's parameters and final byte.
func csiLen(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
	}
	return len(s)
}

// stringLen is the length of a control string up to and including its
// terminator (BEL, ESC \ or the C1 ST).
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\a':
			return i + 1
		case s[i] == esc && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
	}
	return len(s)
}

// EscapeJSON rewrites every character Printable refuses that encoding/json
// leaves raw — DEL, C1 controls (U+009B is CSI, which terminals obey in
// UTF-8 too), bidi overrides, zero-width and other invisible characters —
// as a \u escape, so that JSON carrying server text can be printed on a
// terminal. The JSON value stays the same: outside strings JSON text is
// ASCII, so every such character is inside a string.
func EscapeJSON(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < 0x7f {
		i++
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && !Printable(r) {
			for _, u := range utf16.AppendRune(nil, r) {
				out = fmt.Appendf(out, `\u%04x`, u)
			}
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// Unsafe reports the first rune in s that Show never lets through: C0
// controls other than the newline between lines of output, DEL, C1
// controls, bidi and other format characters, invisible code points and
// invalid UTF-8. Tests of every output path assert with it.
func Unsafe(s string) (rune, bool) {
	for _, r := range s {
		if r != '\n' && !Printable(r) { // Printable refuses U+FFFD, so invalid UTF-8 too
			return r, true
		}
	}
	return 0, false
}
