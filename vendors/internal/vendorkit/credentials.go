package vendorkit

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/devicecode/devicecode"
)

// FormContentType is the media type of every OAuth request body.
const FormContentType = "application/x-www-form-urlencoded"

// Credentials authenticate a client with exactly one style, chosen by the
// caller and never probed: a probe costs a second request per poll (the
// x/oauth2 default) and can leak the secret to a server that only wanted
// the id.
type Credentials struct {
	ClientID     string
	ClientSecret string // a secret: never in errors, logs or %v
	Style        devicecode.AuthStyle
}

// String keeps the secret out of %v and %+v.
func (c Credentials) String() string {
	return fmt.Sprintf("{ClientID:%s ClientSecret:%s Style:%s}", c.ClientID, Redacted(c.ClientSecret), StyleName(c.Style))
}

// GoString keeps the secret out of %#v.
func (c Credentials) GoString() string { return c.String() }

// Problem says what is wrong with the credentials, naming the field, or
// returns "", "" when they are usable.
func (c Credentials) Problem() (field, reason string) {
	switch {
	case c.ClientID == "":
		return "ClientID", "missing"
	case c.Style == devicecode.AuthStyleNone && c.ClientSecret != "":
		return "AuthStyle", "a client secret needs an explicit style: AuthStyleInParams (form) or AuthStyleInHeader (HTTP Basic)"
	case c.Style != devicecode.AuthStyleNone && c.ClientSecret == "":
		return "ClientSecret", "missing for " + StyleName(c.Style)
	case c.Style < devicecode.AuthStyleNone || c.Style > devicecode.AuthStyleInHeader:
		return "AuthStyle", "unknown style"
	}
	return "", ""
}

// AddTo puts the client's form fields into v: client_id, plus the secret
// for the form style. With HTTP Basic the form carries neither, since RFC
// 6749 §2.3 allows one authentication method per request.
func (c Credentials) AddTo(v url.Values) {
	switch c.Style {
	case devicecode.AuthStyleNone:
		v.Set("client_id", c.ClientID)
	case devicecode.AuthStyleInParams:
		v.Set("client_id", c.ClientID)
		v.Set("client_secret", c.ClientSecret)
	}
}

// Editor sets HTTP Basic for AuthStyleInHeader and does nothing otherwise.
// Its shape converts to the generated clients' RequestEditorFn.
func (c Credentials) Editor() func(context.Context, *http.Request) error {
	return func(_ context.Context, r *http.Request) error {
		if c.Style == devicecode.AuthStyleInHeader {
			// RFC 6749 §2.3.1: both parts are form-encoded before Basic.
			r.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(c.ClientSecret))
		}
		return nil
	}
}

// Masker masks the client secret in server text: alone, and within the
// HTTP Basic credentials Editor sends, whose base64 does not contain the
// secret's.
func (c Credentials) Masker() Masker {
	if c.ClientSecret == "" {
		return Masker{}
	}
	return NewMasker(c.ClientSecret, url.QueryEscape(c.ClientID)+":"+url.QueryEscape(c.ClientSecret))
}

// StyleName names a style the way the CLI flag spells it.
func StyleName(s devicecode.AuthStyle) string {
	switch s {
	case devicecode.AuthStyleNone:
		return "none"
	case devicecode.AuthStyleInParams:
		return "form"
	case devicecode.AuthStyleInHeader:
		return "basic"
	}
	return fmt.Sprintf("AuthStyle(%d)", int(s))
}

// Redacted shows whether a secret is set, never its value.
func Redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return redactedMark
}
