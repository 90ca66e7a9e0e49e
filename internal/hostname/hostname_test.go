package hostname

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/devicecode/devicecode/internal/safetext"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		host, ascii string
		scripts     []string
		shown       string // String(), when not ascii alone
	}{
		{host: "gitlab.example.com", ascii: "gitlab.example.com"},
		{host: "SSO.Example.com", ascii: "sso.example.com"},
		{host: "micrоsoft.com", ascii: "xn--micrsoft-qbh.com", scripts: []string{"Latin", "Cyrillic"},
			shown: "xn--micrsoft-qbh.com (a name mixing Latin and Cyrillic letters, as look-alikes of other names do)"},
		{host: "xn--micrsoft-qbh.com", ascii: "xn--micrsoft-qbh.com", scripts: []string{"Latin", "Cyrillic"}},
		{host: "micrοsoft.com", ascii: "xn--micrsoft-2dg.com", scripts: []string{"Latin", "Greek"}},
		{host: "login.ραypal.com", ascii: "login.xn--ypal-zld9g.com", scripts: []string{"Greek", "Latin"}},
		{host: "paypal-ρ.com", ascii: "xn--paypal--vpf.com", scripts: []string{"Latin", "Greek"}},
		{host: "münchen.de", ascii: "xn--mnchen-3ya.de",
			shown: "xn--mnchen-3ya.de (an internationalized name, in its ASCII form)"},
		{host: "MÜNCHEN.de", ascii: "xn--mnchen-3ya.de"},
		{host: "пример.com", ascii: "xn--e1afmkfd.com"},     // one script per label
		{host: "аррӏе.com", ascii: "xn--80ak6aa92e.com"},    // whole-script: shown as punycode, no mix
		{host: "apple日本.jp", ascii: "xn--apple-6e1k07e.jp"}, // Latin + Han: highly restrictive
		{host: "ひらがなカタカナ漢字a.jp", ascii: "xn--a-h8t4d4a1iwia3nzdy003cqrzb.jp"},
		{host: "한국어漢字.kr", ascii: "xn--p8s937b4q9bkkuslr.kr"},
		{host: "한국어ひらがな.kr", ascii: "xn--v8j0cwa6g1527epp4at5w.kr", scripts: []string{"Hangul", "Hiragana"}},
		{host: "ex\u0301ample.com", ascii: "xn--example-uge.com"}, // a combining mark is Inherited
		{host: "ｍｉｃｒｏｓｏｆｔ.com", ascii: "microsoft.com"},           // IDNA maps fullwidth letters
		{host: "_x.example", ascii: "_x.example"},
		{host: "::1", ascii: "::1"},
		{host: "\xad.com", ascii: `\ufffd.com`, shown: `\ufffd.com (not a valid internationalized name)`},
		{host: "\u0300a.com", ascii: `\u0300a.com`, shown: `\u0300a.com (not a valid internationalized name)`},
		{host: "\u05d0a.com", ascii: `\u05d0a.com`, scripts: []string{"Hebrew", "Latin"}}, // and no ASCII form (bidi rule)
		{host: "micrо\u05d0soft.com", ascii: `micr\u043e\u05d0soft.com`, scripts: []string{"Latin", "Cyrillic", "Hebrew"}},
	} {
		n := Of(c.host)
		if n.ASCII != c.ascii || !slices.Equal(n.Scripts, c.scripts) {
			t.Errorf("Of(%q) = %q %v, want %q %v", c.host, n.ASCII, n.Scripts, c.ascii, c.scripts)
		}
		if c.shown != "" && n.String() != c.shown {
			t.Errorf("Of(%q).String() = %q, want %q", c.host, n.String(), c.shown)
		}
		checkShown(t, c.host, n.String())
	}
}

// checkShown: a message never holds the name in Unicode, nor anything a
// terminal would act on.
func checkShown(t *testing.T, host, shown string) {
	t.Helper()
	for _, r := range shown {
		if r >= 0x80 {
			t.Errorf("%q shown as %q, beyond ASCII", host, shown)
			return
		}
	}
	if r, bad := safetext.Unsafe(shown); bad {
		t.Errorf("%q shown as %q, with %U", host, shown, r)
	}
}

func TestOfThreeScripts(t *testing.T) {
	n := Of("pаyρal.com") // Latin, Cyrillic а, Greek ρ
	if want := "a name mixing Latin, Cyrillic and Greek letters"; !strings.Contains(n.String(), want) {
		t.Errorf("String() = %q, want %q in it", n.String(), want)
	}
}

func TestURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://gitlab.example.com/oauth/device": "https://gitlab.example.com/oauth/device",
		"https://münchen.de/device?code=ä":        "https://xn--mnchen-3ya.de/device?code=ä",
		"https://micrоsoft.com:8443/devicelogin":  "https://xn--micrsoft-qbh.com:8443/devicelogin",
		"https://micr%D0%BEsoft.com/devicelogin":  "https://xn--micrsoft-qbh.com/devicelogin",
		"https://\u05d0a.com/x":                   `https://\u05d0a.com/x`,
		"https://[::1]:8443/x":                    "https://[::1]:8443/x",
		"https://user:pw@münchen.de/":             "https://user:pw@xn--mnchen-3ya.de/",
		"https://münchen.de/%zz":                  `https://m\u00fcnchen.de/%zz`,
		"ftp://a b":                               "ftp://a b",
	} {
		if got := URL(raw); got != want {
			t.Errorf("URL(%q) = %q, want %q", raw, got, want)
		}
	}
}

// FuzzOf: whatever the host, the name shown is printable ASCII; a host
// with an ASCII form is shown in that form, which converts to itself, so
// the --allow-verification-host the CLI suggests lets the host through.
func FuzzOf(f *testing.F) {
	for _, s := range []string{"micrоsoft.com", "münchen.de", "micrοsoft.com", "\u05d0a.com", "xn--zz.com", "a\u202eb.com", "::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		n := Of(host)
		checkShown(t, host, n.String())
		want, err := ToASCII(host)
		if err != nil || !utf8.ValidString(host) || len(want) > safetext.MaxLen {
			return
		}
		if again, err := ToASCII(n.ASCII); n.ASCII != want || err != nil || again != want {
			t.Fatalf("Of(%q).ASCII = %q, converting to %q (%v); want %q", host, n.ASCII, again, err, want)
		}
	})
}
