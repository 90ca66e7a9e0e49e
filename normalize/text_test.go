package normalize

import "testing"

func TestStripControls(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":                           "plain text",
		"a\tb\nc\r":                            "a b c ",
		"\x1b[31mred\x1b[0m":                   "red",
		"\x1b]0;title\x07after":                "after",
		"\x1b]8;;https://evil\x1b\\link":       "link",
		"\u009b2Jgone":                         "gone",
		"bidi\u202eevil":                       "bidievil",
		"zero\u200bwidth":                      "zerowidth",
		"trailing escape\x1b":                  "trailing escape",
		"unterminated \x1b[31":                 "unterminated ",
		"Entrez le code ABC à l'adresse":       "Entrez le code ABC à l'adresse",
		"\x1bPdcs string\x1b\\ kept":           " kept",
		"nul\x00byte":                          "nulbyte",
		"invalid \xff utf8":                    "invalid  utf8",
		"\x1b7saved":                           "saved",
		"emoji 🔐 ok":                           "emoji 🔐 ok",
		"\x1b[?1049h\x1b[2J\x1b[Hclear screen": "clear screen",
	} {
		if got := stripControls(in); got != want {
			t.Errorf("stripControls(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextProblem(t *testing.T) {
	for in, want := range map[string]string{
		"WDJB-MJHT": "",
		"ÄBC-123":   "",
		"A\x1b[2J":  "contains a terminal escape sequence",
		"A\u009bB":  "contains a terminal escape sequence",
		"A\nB":      "contains control characters",
		"A\u202eB":  "contains non-printable characters",
		"A\xffB":    "contains invalid UTF-8",
	} {
		if got := textProblem(in); got != want {
			t.Errorf("textProblem(%q) = %q, want %q", in, got, want)
		}
	}
}
