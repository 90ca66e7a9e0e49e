package normalize

import (
	"strings"
	"unicode"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Text shown to a person must not drive their terminal: an escape sequence
// in a vendor's message or user code could rewrite the screen, hide the real
// verification URI or retitle the window. Messages are cleaned; user codes,
// which the person must type exactly, are refused instead.

// userCodeProblem adds to safetext.Problem what only the user code must avoid:
// the person types what they see, so no part of it may hide at either end
// or change how its neighbours look. A combining mark draws onto the
// character before it ("0" plus U+0338 shows as "0̸"), and a stack of them
// paints over the lines around, such as the verification URI. Real codes
// are ASCII; a precomposed letter (Ä) is still fine.
func userCodeProblem(s string) string {
	if p := safetext.Problem(s); p != "" {
		return p
	}
	switch t := strings.TrimSpace(s); {
	case t == "":
		return "is blank"
	case t != s:
		return "begins or ends with a space"
	}
	for _, r := range s {
		if r >= 0x300 && unicode.Is(unicode.M, r) {
			return "contains combining marks"
		}
	}
	return ""
}

// excerpt bounds text that came from the input (property names in schema
// messages) before it goes into an error: cleaned and at most 64 bytes.
func excerpt(s string) string { return safetext.Bound(safetext.Show(s), 64) }
