package vendorkit

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/devicecode/devicecode/internal/safetext"
)

// MinSecretLen is the shortest secret a Masker masks. A shorter one occurs
// by chance in ordinary text (a 1-character secret is a letter of every
// message), so masking it would garble messages and, worse, spell the
// secret out by where the masks fall; a secret that short is guessable
// anyway. 8 is the shortest memorized secret NIST SP 800-63B allows;
// generated client secrets and API keys are far longer.
const MinSecretLen = 8

// redactedMark replaces a secret in server text, as Redacted shows one.
const redactedMark = safetext.Redacted

// Masker replaces a client's own secrets in text a server sent, so that an
// error answer echoing the client secret, API key or password does not
// print it. The zero Masker masks nothing. It is safe for concurrent use.
type Masker struct {
	forms []string // every form of every secret, longest first
	r     *strings.Replacer
}

// NewMasker masks each secret of at least MinSecretLen bytes in every form
// a server may echo from a request: as sent, percent-encoded (a form body,
// a URL; either hex case), JSON-escaped (a JSON body) and base64 (HTTP
// Basic); and as a JSON pointer (RFC 6901), the form errors name a
// member by. Pass the HTTP Basic credentials as a secret of their own:
// their base64 is not the secret's.
func NewMasker(secrets ...string) Masker {
	var forms []string
	for _, s := range secrets {
		if len(s) >= MinSecretLen {
			forms = append(forms, encodings(s)...)
		}
	}
	if len(forms) == 0 {
		return Masker{}
	}
	// Longest first, so that a form containing another is masked whole
	// (strings.Replacer tries its pairs in order at each position).
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	forms = slices.Compact(forms)
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, redactedMark)
	}
	return Masker{forms: forms, r: strings.NewReplacer(pairs...)}
}

// encodings are the forms of s a server can echo.
func encodings(s string) []string {
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	for _, f := range forms[1:] {
		forms = append(forms, lowerHex(f))
	}
	forms = append(forms, jsonEscaped(s, true), jsonEscaped(s, false), pointerEscaper.Replace(s))
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(s)))
	}
	return forms
}

// pointerEscaper escapes a member name for a JSON pointer (RFC 6901 §3).
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// lowerHex is a percent-encoded s with its escapes in lower case (%2f),
// which RFC 3986 §2.1 makes equivalent to the upper case url writes.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = toLower(b[i+1]), toLower(b[i+2])
		}
	}
	return string(b)
}

func toLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// jsonEscaped is s as it stands between the quotes of a JSON string.
func jsonEscaped(s string, html bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if enc.Encode(s) != nil {
		return s
	}
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(b.String(), "\n"), `"`), `"`)
}

// Text is s with every secret masked. A secret split by what
// safetext.Strip or Show removes (an escape sequence, a zero-width space)
// would join again where the text is shown, so such a text is masked in
// its stripped form instead.
func (m Masker) Text(s string) string {
	if m.r == nil || s == "" {
		return s
	}
	if m.shows(s) {
		s = m.r.Replace(s)
	}
	if stripped := safetext.Strip(s); stripped != s && m.shows(stripped) {
		return m.r.Replace(stripped)
	}
	return s
}

// shows reports whether s holds a secret in one of its forms.
func (m Masker) shows(s string) bool {
	for _, f := range m.forms {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}
