package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShow(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":                       "plain text",
		"\x1b]0;pwned\x07\x1b[31mRED":      "RED",
		"a\tb\nc\r":                        "a b c ",
		"bell\x07":                         `bell\x07`,
		"nul\x00":                          `nul\x00`,
		"del\x7f":                          `del\x7f`,
		"c1\u0085next":                     `c1\u0085next`,
		"\u009b2Jgone":                     "gone",
		"\x1b]8;;https://evil\x1b\\link":   "link",
		"\x1b]8;;https://evil\u009clink":   "link",
		"bidi\u202eevil":                   `bidi\u202eevil`,
		"iso\u2066late\u2069":              `iso\u2066late\u2069`,
		"zero\u200bwidth":                  `zero\u200bwidth`,
		"invalid \xff utf8":                `invalid \xff utf8`,
		"Entrez le code à l'adresse 🔐":     "Entrez le code à l'adresse 🔐",
		"\x1b[?1049h\x1b[2J\x1b[Hclear":    "clear",
		"trailing escape\x1b":              "trailing escape",
		"hangul\u3164filler":               `hangul\u3164filler`,
		"variation\ufe0fselector":          `variation\ufe0fselector`,
		"replacement \ufffd char":          `replacement \ufffd char`,
		"\x1bPdcs string\x1b\\ kept":       " kept",
		"\x1b7saved":                       "saved",
		"unterminated osc \x1b]0;title...": "unterminated osc ",
	} {
		got := Show(in)
		if got != want {
			t.Errorf("Show(%q) = %q, want %q", in, got, want)
		}
		assertSafe(t, got)
	}
}

func TestStrip(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[31mred\x1b[0m": "red",
		"bidi\u202eevil":     "bidievil",
		"nul\x00byte":        "nulbyte",
		"invalid \xff utf8":  "invalid  utf8",
		"a\tb\nc":            "a b c",
	} {
		if got := Strip(in); got != want {
			t.Errorf("Strip(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestASCII: a look-alike name shows its foreign letters as escapes, so
// micrоsoft.com (Cyrillic о) never reads as microsoft.com.
func TestASCII(t *testing.T) {
	for in, want := range map[string]string{
		"microsoft.com":      "microsoft.com",
		"micr\u043esoft.com": `micr\u043esoft.com`,
		"\u05d0a.com":        `\u05d0a.com`,
		"bidi\u202eevil":     `bidi\u202eevil`,
		"\x1b[31mred\x07":    `red\x07`,
		"emoji\U0001f510":    `emoji\U0001f510`,
		"invalid \xff utf8":  `invalid \xff utf8`,
	} {
		if got := ASCII(in); got != want {
			t.Errorf("ASCII(%q) = %q, want %q", in, got, want)
		}
	}
	if got := ASCII(strings.Repeat("é", 1000)); len(got) > MaxLen || !printableASCII(got) {
		t.Errorf("ASCII of 2000 bytes gave %d bytes: %q", len(got), got)
	}
}

func TestShowBounds(t *testing.T) {
	got := Show(strings.Repeat("é", 1000))
	if len(got) > MaxLen || !utf8.ValidString(got) || !strings.HasSuffix(got, "...") {
		t.Fatalf("Show of 2000 bytes gave %d bytes, valid=%v: %q", len(got), utf8.ValidString(got), got[len(got)-10:])
	}
	if Bound("short", 10) != "short" || Bound("abcdefghijk", 8) != "abcde..." {
		t.Fatal("Bound cuts wrongly")
	}
}

func TestProblem(t *testing.T) {
	for in, want := range map[string]string{
		"WDJB-MJHT": "",
		"ÄBC-123":   "",
		"A\x1b[2J":  "contains a terminal escape sequence",
		"A\u009bB":  "contains a terminal escape sequence",
		"A\nB":      "contains control characters",
		"A\u202eB":  "contains non-printable characters",
		"A\xffB":    "contains invalid UTF-8",
	} {
		if got := Problem(in); got != want {
			t.Errorf("Problem(%q) = %q, want %q", in, got, want)
		}
	}
}

// assertSafe fails when s holds a byte or rune a terminal would act on.
func assertSafe(t *testing.T, s string) {
	t.Helper()
	if r, bad := Unsafe(s); bad {
		t.Errorf("unsafe rune %U left in %q", r, s)
	}
}

func TestUnsafe(t *testing.T) {
	for s, want := range map[string]bool{"plain\nlines": false, "é 🔐": false, "\x1b": true, "\t": true,
		"\u0085": true, "\u202e": true, "\u200b": true, "\xff": true, "\ufffd": true, "\x7f": true} {
		if _, got := Unsafe(s); got != want {
			t.Errorf("Unsafe(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzShow(f *testing.F) {
	for _, s := range []string{"plain", "\x1b]0;t\x07x", "\u202e", "\xff\xfe", "\x1b[", "\u009b1;2m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Show(s)
		assertSafe(t, got)
		if len(got) > MaxLen {
			t.Fatalf("Show gave %d bytes", len(got))
		}
		if Show(got) != got {
			t.Fatalf("Show is not idempotent on %q", got)
		}
		if a := ASCII(s); !printableASCII(a) || len(a) > MaxLen {
			t.Fatalf("ASCII(%q) = %q: not printable ASCII within MaxLen", s, a)
		}
	})
}
