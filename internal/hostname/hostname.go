// Package hostname is how a host name appears in a message: in its IDNA
// ASCII form, never in Unicode. A verification URI on micrоsoft.com
// (Cyrillic о) reads as microsoft.com; shown as xn--micrsoft-qbh.com, and
// named as a name that mixes scripts, it reads as what it is. Every message
// and hint that names a host goes through Of (or URL, for a whole URI).
package hostname

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Name is a host name as a message shows it.
type Name struct {
	// ASCII is the name in IDNA ASCII form, lower case: punycode (xn--…)
	// for a label beyond ASCII. A name IDNA refuses has every character
	// beyond ASCII escaped instead (micr\u043esoft.com).
	ASCII string
	// Scripts are the scripts one label mixes (Latin, Cyrillic), in order
	// of appearance; nil when every label keeps to one script or to a mix
	// UTS #39 allows (see mixedScripts).
	Scripts []string
}

// ToASCII is the IDNA conversion hosts are compared and shown in: UTS #46
// lookup, the mapping browsers apply, so münchen.de, MÜNCHEN.de and
// xn--mnchen-3ya.de are one name.
func ToASCII(host string) (string, error) { return idna.Lookup.ToASCII(host) }

// Of returns host as a message shows it.
func Of(host string) Name {
	// x/net/idna encodes invalid UTF-8 as U+FFFD (xn--zn7c) without error.
	if ascii, err := ToASCII(host); err == nil && utf8.ValidString(host) {
		// A valid ASCII form decodes; its Unicode form is what a browser
		// would show, so the scripts are judged there.
		shown, _ := idna.Lookup.ToUnicode(ascii)
		return Name{ASCII: safetext.Show(ascii), Scripts: mixedScripts(shown)}
	}
	lower := strings.ToLower(host)
	return Name{ASCII: safetext.ASCII(lower), Scripts: mixedScripts(lower)}
}

// String is the name with what a reader should know about it: that it
// mixes scripts, has no valid ASCII form, or is internationalized (so
// that xn--… is not taken for a typing error).
func (n Name) String() string {
	switch {
	case n.Mixed():
		return fmt.Sprintf("%s (a name mixing %s letters, as look-alikes of other names do)", n.ASCII, joinScripts(n.Scripts))
	case n.Escaped():
		return n.ASCII + " (not a valid internationalized name)"
	case n.International():
		return n.ASCII + " (an internationalized name, in its ASCII form)"
	}
	return n.ASCII
}

// Mixed reports whether a label of the name mixes scripts.
func (n Name) Mixed() bool { return len(n.Scripts) > 1 }

// Escaped reports whether the name had no ASCII form, so ASCII holds
// escapes: a host name never holds a backslash (url.Parse refuses one).
func (n Name) Escaped() bool { return strings.Contains(n.ASCII, `\`) }

// International reports whether a label is punycode.
func (n Name) International() bool {
	return strings.HasPrefix(n.ASCII, "xn--") || strings.Contains(n.ASCII, ".xn--")
}

// URL is raw with its host shown as Of shows it (the rest as url.URL
// writes it); raw itself when its host is ASCII already. A URL that does
// not parse, or whose host has no ASCII form, is escaped whole.
func URL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err == nil && isASCII(u.Host):
		return raw
	case err != nil:
		if isASCII(raw) {
			return raw
		}
		return safetext.ASCII(raw)
	}
	n, port := Of(u.Hostname()), u.Port()
	switch {
	case n.Escaped():
		return safetext.ASCII(raw)
	case port != "":
		u.Host = net.JoinHostPort(n.ASCII, port)
	default:
		u.Host = n.ASCII
	}
	return u.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Canonical is the form hosts are compared in: the host name alone (a URL
// or host:port is reduced to it, IPv6 brackets dropped), without the
// trailing dot DNS ignores, in IDNA ASCII form so that münchen.de and
// xn--mnchen-3ya.de are one host, and lowercase. A name IDNA refuses is
// compared lowercased as spelled.
func Canonical(h string) string {
	h = strings.TrimSpace(h)
	if strings.Contains(h, "://") {
		if u, err := url.Parse(h); err == nil {
			h = u.Hostname()
		}
	} else if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"), ".")
	if ascii, err := ToASCII(h); err == nil {
		return ascii
	}
	return strings.ToLower(h)
}
