package vendorkit

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// maskSecret has characters that every encoding changes.
const maskSecret = `s3cr3t/+=&"<x>?~`

// Every form a server can echo is masked: as sent, percent-encoded in
// either hex case, JSON-escaped, base64 of the secret and of the HTTP
// Basic credentials, and a JSON pointer naming a member.
func TestMaskerForms(t *testing.T) {
	m := Credentials{ClientID: "app id", ClientSecret: maskSecret, Style: devicecode.AuthStyleInHeader}.Masker()
	basic := url.QueryEscape("app id") + ":" + url.QueryEscape(maskSecret)
	forms := map[string]string{
		"raw": maskSecret, "query": url.QueryEscape(maskSecret), "path": url.PathEscape(maskSecret),
		"lower hex": strings.ToLower(url.QueryEscape(maskSecret)),
		"json":      `s3cr3t/+=\u0026\"\u003cx\u003e?~`, "json without HTML escapes": `s3cr3t/+=&\"<x>?~`,
		"base64":       base64.StdEncoding.EncodeToString([]byte(maskSecret)),
		"base64url":    base64.RawURLEncoding.EncodeToString([]byte(maskSecret)),
		"Basic":        "Basic " + base64.StdEncoding.EncodeToString([]byte(basic)),
		"Basic, raw":   base64.RawStdEncoding.EncodeToString([]byte(basic)),
		"Basic, plain": basic,
		"JSON pointer": `s3cr3t~1+=&"<x>?~0`,
	}
	for name, form := range forms {
		if got := m.Text("echo: " + form + "."); strings.Contains(got, maskSecret) || !strings.Contains(got, redactedMark) ||
			strings.Contains(got, form) {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// A secret shorter than MinSecretLen is not masked: it would mask letters
// of ordinary words and show the secret by where the masks fall.
func TestMaskerMinimumLength(t *testing.T) {
	short, long := strings.Repeat("e", MinSecretLen-1), strings.Repeat("e", MinSecretLen)
	text := "the server refused eeeeeeee"
	if got := NewMasker(short).Text(text); got != text {
		t.Errorf("a %d-byte secret masked: %q", len(short), got)
	}
	if got := NewMasker(long).Text(text); got != "the server refused "+redactedMark {
		t.Errorf("a %d-byte secret: %q", len(long), got)
	}
	if m := NewMasker("", "x"); m.Text("x") != "x" || m.Err(errors.New("x")).Error() != "x" {
		t.Error("a Masker without a maskable secret changed text")
	}
}

// A secret split by what safetext removes would join again where the
// text is shown: it is masked too.
func TestMaskerSplitSecret(t *testing.T) {
	m := NewMasker("SECRET-VALUE-1234")
	for _, s := range []string{"SECRET-\x1b[0mVALUE-1234", "SECRET-\u200bVALUE-1234", "SECRET-VALUE-\x1b]0;x\x071234"} {
		got := m.Text("echo " + s)
		for _, shown := range []string{got, safetext.Show(got), safetext.Strip(got)} {
			if strings.Contains(shown, "SECRET-VALUE-1234") {
				t.Errorf("%q shows the secret as %q", s, shown)
			}
		}
	}
}

// Err masks the fields of the SDK's error types in place, wherever they
// are in the tree, so that errors.As hands out masked values.
func TestMaskerErrFields(t *testing.T) {
	const secret = "SECRET-VALUE-1234"
	m := NewMasker(secret)
	oe := &devicecode.OAuthError{Code: "x_" + secret, Description: "bad " + secret, URI: "https://e.example/?s=" + secret,
		Extra: map[string]json.RawMessage{
			"trace_id": json.RawMessage(`"` + secret + `"`), "nested": json.RawMessage(`{"a":["\u0053ECRET-VALUE-1234",1]}`),
			"error_codes": json.RawMessage(`[70016]`), secret: json.RawMessage(`12345678`),
		}}
	he := &devicecode.HTTPError{StatusCode: 418, Status: "418 " + secret, ContentType: "text/" + secret}
	ne := &normalize.Error{Problems: []normalize.Problem{{Field: "/" + secret, Reason: "is " + secret}}}
	hoe := &normalize.HostError{Field: "/verification_uri", Host: secret + ".example"}
	err := m.Err(fmt.Errorf("op: %w", errors.Join(oe, he, ne, hoe)))
	if strings.Contains(err.Error(), secret) {
		t.Errorf("message: %s", err)
	}
	for _, v := range []any{*oe, *he, *ne, *hoe} {
		if s := fmt.Sprintf("%#v", v); strings.Contains(s, secret) {
			t.Errorf("field: %s", s)
		}
	}
	for k, raw := range oe.Extra {
		if strings.Contains(k+string(raw), secret) || !json.Valid(raw) {
			t.Errorf("Extra %s: %s", k, raw)
		}
	}
	if string(oe.Extra["error_codes"]) != `[70016]` {
		t.Errorf("an unchanged member was rewritten: %s", oe.Extra["error_codes"])
	}
}

// An error whose message was composed from server text is wrapped: its
// message masked, errors.Is and As unchanged.
func TestMaskerErrComposed(t *testing.T) {
	const secret = "SECRET-VALUE-1234"
	m := NewMasker(secret)
	inner := &devicecode.HTTPError{StatusCode: 502}
	err := m.Err(fmt.Errorf("%w: the member %s twice: %w", devicecode.ErrInvalidResponse, secret, inner))
	var he *devicecode.HTTPError
	if strings.Contains(err.Error(), secret) || !errors.Is(err, devicecode.ErrInvalidResponse) || !errors.As(err, &he) || he != inner {
		t.Errorf("err = %v", err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		if s := fmt.Sprintf(verb, err); strings.Contains(s, secret) {
			t.Errorf("%s: %s", verb, s)
		}
	}
	plain := errors.New("no secret here")
	if m.Err(plain) != plain || m.Err(nil) != nil || (Masker{}).Err(err) != err {
		t.Error("Err changed an error it had nothing to mask in")
	}
}

// FuzzMasker: whatever text surrounds or splits the secret, neither the
// masked text nor how safetext shows it holds the secret.
func FuzzMasker(f *testing.F) {
	const secret = "SECRET-VALUE-1234"
	for _, s := range []string{"", secret, "x" + secret + secret, "SECRET-\x1b[0mVALUE-1234", "SECRET-VALUE-SECRET-VALUE-1234",
		"U0VDUkVULVZBTFVFLTEyMzQ=", "SECRET-\u200b\x1b[mVALUE-1234\xff"} {
		f.Add(s)
	}
	m := NewMasker(secret)
	f.Fuzz(func(t *testing.T, s string) {
		got := m.Text(s)
		for _, shown := range []string{got, safetext.Show(got), safetext.Strip(got), m.Err(errors.New(s)).Error()} {
			if strings.Contains(shown, secret) {
				t.Fatalf("%q shows the secret as %q", s, shown)
			}
		}
	})
}
