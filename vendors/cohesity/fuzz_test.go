package cohesity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

var fuzzNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// secretMark is in every secret the targets send or splice into a body;
// no wording of ours has it.
const secretMark = "SECRET"

// FuzzErrorBody feeds any non-201 answer to newError and the default
// classifier: the outcome is an *Error (or the refusal of a duplicate
// member), whose text is safe for a terminal and carries no secret sent
// beside the error, and whose Retry-After is the engine's reading of the
// header, as sent.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []struct {
		status   int
		ra, body string
	}{
		{400, "", `{"errorCode":"KValidationError","message":"Device code is pending","taskLogId":"1234"}`},
		{401, "", `{"errorCode":"KUnauthorized","message":"Token expired"}`},
		{403, "", `{"errorCode":null,"message":null,"taskLogId":null}`},
		{429, "30", `{"message":"rate limited"}`},
		{429, "Sun, 06 Nov 1994 08:49:37 GMT", ``},
		{503, "Fri, 31 Dec 9999 23:59:59 GMT", `<html>maintenance</html>`},
		{500, "-1", `{"message":"a","MESSAGE":"b"}`},
		{503, "007", ``},
		{429, "99999999999999999999999", `{"message":"rate limited"}`},
		{400, "", `{"errorCode":1e400,"message":["x"]}`},
		{400, "", `{"errorCode":"\u001b[2J","message":"\u202eok\xff","taskLogId":"\u0085"}`},
	} {
		f.Add(s.status, s.ra, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, ra string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		checkError(t, status, ra, body)
		if b, ok := withSecrets(body); ok && !bytes.Contains(body, []byte(secretMark)) {
			if err := checkError(t, status, ra, b); strings.Contains(err.Error(), secretMark) {
				t.Fatalf("a secret member is in the error %q", err)
			}
		}
	})
}

func checkError(t *testing.T, status int, ra string, body []byte) error {
	t.Helper()
	resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {ra}}}
	err := newError(resp, body, fuzzNow, vendorkit.Masker{})
	var e *Error
	switch {
	case errors.As(err, &e):
		if want, _ := devicecode.ParseRetryAfter(ra, fuzzNow); e.StatusCode != status || e.RetryAfter != want {
			t.Fatalf("Error %#v from HTTP %d, Retry-After %q", e, status, ra)
		}
		var he *devicecode.HTTPError
		if !errors.As(err, &he) || he.RetryAfter != e.RetryAfter {
			t.Fatalf("the engine reads no Retry-After from %#v", e)
		}
		c := &Client{classify: DefaultClassifier}
		assertSafe(t, c.judge(err))
	case !errors.Is(err, devicecode.ErrInvalidResponse):
		t.Fatalf("untyped outcome %T: %v", err, err)
	}
	assertSafe(t, err)
	return err
}

// FuzzCompletion feeds any answer to the three calls that read a 201 body
// — the login, the token poll and the Azure applications — through a
// Client: a success is usable (a token, a header value, complete app
// credentials whose String hides the secret), a failure's text is safe
// and names none of the secrets sent or answered.
func FuzzCompletion(f *testing.F) {
	for _, s := range []struct {
		call   uint8
		status int
		body   string
	}{
		{0, 201, `{"accessToken":"eyJhbGciOi...","privileges":["ADMIN"],"tokenType":"Bearer"}`},
		{0, 201, `{"accessToken":"a\r\nX-Evil: 1","tokenType":"Bearer"}`},
		{0, 201, `{"accessToken":"a","tokenType":"Bearer x"}`},
		{1, 201, `{"accessToken":"eyJ0eXAi...","expiresInSecs":3599}`},
		{1, 201, `{"accessToken":"x","expiresInSecs":9223372036854775807}`},
		{1, 201, `{"accessToken":null,"expiresInSecs":-1}`},
		{1, 400, `{"errorCode":"KPending","message":"authorization pending"}`},
		{2, 201, `{"microsoft365AppCredentialsList":[{"clientId":"11111111-2222","clientSecret":"s3cr3t~value"},{"clientId":"x"}]}`},
		{2, 201, `{"microsoft365AppCredentialsList":null}`},
		{2, 201, `{"microsoft365AppCredentialsList":[{"clientId":"a","clientSecret":"b","CLIENTSECRET":"c"}]}`},
		{2, 201, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`},
	} {
		f.Add(s.call, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, call uint8, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		complete(t, call%3, status, body)
		if b, ok := withSecrets(body); ok && !bytes.Contains(body, []byte(secretMark)) {
			if err := complete(t, call%3, status, b); err != nil && strings.Contains(err.Error(), secretMark) {
				t.Fatalf("a secret is in the error %q", err)
			}
		}
	})
}

// complete runs one call against an answer and checks the outcome.
func complete(t *testing.T, call uint8, status int, body []byte) error {
	t.Helper()
	answer := func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body))}, nil
	}
	cfg := Config{BaseURL: "https://cluster.example.com", APIKey: "ak-SECRET-0"}
	if call == 0 {
		cfg = Config{BaseURL: "https://cluster.example.com", Username: "admin", Password: "pw-SECRET-0"}
	}
	c, err := New(cfg, devicecode.WithHTTPClient(&http.Client{Transport: roundTrip(answer)}), devicecode.WithClock(fakeclock.New(fuzzNow)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	switch call {
	case 0:
		var auth string
		auth, err = c.logIn(ctx)
		if err == nil && (strings.ContainsAny(auth, "\r\n") || !strings.Contains(auth, " ")) {
			t.Fatalf("login gave the header value %q", auth)
		}
	case 1:
		var tok *oauth2.Token
		tok, err = c.pollToken(ctx, "example.onmicrosoft.com", "dc-SECRET-0")
		if err == nil && (tok.AccessToken == "" || tok.ExpiresIn < 0 || (tok.ExpiresIn > 0 && !tok.Expiry.After(fuzzNow))) {
			t.Fatalf("poll gave the token %#v", tok)
		}
	case 2:
		var creds []AppCredentials
		creds, err = c.CreateAzureApplications(ctx, &oauth2.Token{AccessToken: "at-SECRET-0"}, 2, "admin@example.com", "")
		for _, a := range creds {
			if a.ClientID == "" || a.ClientSecret == "" || fmt.Sprintf("%+v", a) != "{ClientID:"+a.ClientID+" ClientSecret:[REDACTED]}" {
				t.Fatalf("app credentials %v", a)
			}
		}
	}
	if err != nil {
		assertSafe(t, err)
		if strings.Contains(err.Error(), "SECRET-0") {
			t.Fatalf("a secret of the request is in the error %q", err)
		}
	}
	return err
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// withSecrets adds a token, a client secret and an API key to a JSON
// object body.
func withSecrets(body []byte) ([]byte, bool) {
	t := bytes.TrimLeft(body, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	const s = `"accessToken":"at-SECRET-1","clientSecret":"cs-SECRET-2","apiKey":"ak-SECRET-3","password":"pw-SECRET-4",`
	return append([]byte("{"+s), t[1:]...), true
}

func assertSafe(t *testing.T, err error) {
	t.Helper()
	if r, bad := safetext.Unsafe(err.Error()); bad {
		t.Fatalf("error text carries %U: %q", r, err.Error())
	}
}
