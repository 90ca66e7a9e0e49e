package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text shown to a person must not drive their terminal: an escape sequence
// in a vendor's message or user code could rewrite the screen, hide the real
// verification URI or retitle the window. Messages are cleaned; user codes,
// which the person must type exactly, are refused instead.

const (
	esc = '\x1b'
	csi = '\u009b' // the C1 form of ESC [
)

// stripControls removes terminal escape sequences and every other non-printable
// character from s; tabs and line breaks become spaces so words stay apart.
func stripControls(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == esc || r == csi:
			i += escapeLen(s[i:])
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case printable(r):
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isClean reports whether s has nothing stripControls would remove.
func isClean(s string) bool {
	if printableASCII(s) {
		return true
	}
	for _, r := range s {
		if !printable(r) {
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

// printable excludes control and format characters (including bidi
// overrides), U+FFFD, which encoding/json substitutes for invalid UTF-8, and
// the invisible characters below.
func printable(r rune) bool {
	return r != utf8.RuneError && unicode.IsPrint(r) && !invisible(r)
}

// invisible reports the default-ignorable code points that unicode.IsPrint
// accepts as letters or marks, though terminals draw nothing for them: the
// combining grapheme joiner U+034F, the Hangul fillers U+3164 and U+FFA0,
// variation selectors. A user code holding one reads as a shorter code than
// the one the person must type.
func invisible(r rune) bool {
	return r >= 0x300 && unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
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
// terminator (BEL or ESC \).
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\a':
			return i + 1
		case s[i] == esc && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		}
	}
	return len(s)
}

// textProblem says why s cannot be shown as is, or "" when it can.
func textProblem(s string) string {
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
		case !printable(r):
			return "contains non-printable characters"
		}
	}
	return ""
}

// userCodeProblem adds to textProblem what only the user code must avoid:
// the person types what they see, so no part of it may hide at either end
// or change how its neighbours look. A combining mark draws onto the
// character before it ("0" plus U+0338 shows as "0̸"), and a stack of them
// paints over the lines around, such as the verification URI. Real codes
// are ASCII; a precomposed letter (Ä) is still fine.
func userCodeProblem(s string) string {
	if p := textProblem(s); p != "" {
		return p
	}
	switch t := strings.TrimSpace(s); {
	case t == "":
		return "is blank"
	case t != s:
		return "begins or ends with a space"
	}
	if printableASCII(s) {
		return ""
	}
	for _, r := range s {
		if unicode.Is(unicode.M, r) {
			return "contains combining marks"
		}
	}
	return ""
}

// excerpt bounds text that came from the input (property names in schema
// messages) before it goes into an error: cleaned and at most 64 bytes.
func excerpt(s string) string {
	s = stripControls(s)
	if len(s) <= 64 {
		return s
	}
	cut := 61
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
