package veeam

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// The three decoders of server answers never panic, their error texts are
// safe for a terminal, and the token decoder's never carry a token.
func FuzzDecoders(f *testing.F) {
	for _, seed := range []string{
		`{"access_token":"at-SECRET","token_type":"bearer","expires_in":3600,"refresh_token":"rt-SECRET",".issued":"Tue, 01 Dec 2026 09:24:33 GMT"}`,
		`{"access_token":"at-SECRET","ACCESS_TOKEN":"x"}`,
		`{"authenticated":true}`, `{"authenticated":"yes"}`,
		`{"message":"\u001b[31mno","errorCode":"ProxyOffline","stackTrace":"at X"}`,
		`{"error":"invalid_grant","error_description":"bad"}`, `[]`, `null`, ``,
	} {
		f.Add(seed, 400)
	}
	f.Fuzz(func(t *testing.T, body string, status int) {
		if status < 100 || status > 599 {
			status = 500
		}
		now := time.Unix(1e9, 0)
		check := func(err error) {
			if err == nil {
				return
			}
			if r, bad := safetext.Unsafe(err.Error()); bad {
				t.Fatalf("unsafe %q in %q", r, err)
			}
		}
		_, err := decodeToken([]byte(body), now)
		check(err)
		// A token answer's error names members, never the tokens' values
		// (token_type's it may quote: it is no secret).
		for _, tok := range tokensIn(body) {
			if err != nil && strings.Contains(err.Error(), tok) {
				t.Fatalf("token in %q", err)
			}
		}
		_, err = authenticated([]byte(body))
		check(err)
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}
		check(readError(resp, []byte(body), now, vendorkit.Masker{}))
	})
}

// FuzzCompletion feeds any answer to the two calls that spend the user
// code — AddOrganization and CreateApplications — through a Client
// signed in with a good token: a failure is an *Error or
// ErrInvalidResponse, whose text is safe and names neither the password,
// the bearer token, the user code nor a secret answered beside the error.
func FuzzCompletion(f *testing.F) {
	for _, s := range []struct {
		apps   bool
		status int
		body   string
	}{
		{false, 201, `{"id":"b2a7d3c4-0000-4000-8000-000000000001","name":"contoso.onmicrosoft.com","type":"Office365","region":"Worldwide"}`},
		{false, 200, `{"id":null,"name":["x"]}`},
		{false, 400, `{"message":"The user code is expired.","errorCode":"BadRequest","stackTrace":"   at Veeam.Archiver..."}`},
		{false, 503, `<html>Service Unavailable</html>`},
		{true, 201, `{"offset":0,"limit":2,"results":[{"applicationId":"11111111-2222-3333-4444-555555555555","displayName":"VB365 app 1"},{"applicationId":null}]}`},
		{true, 201, `{"results":[{"applicationId":"a","APPLICATIONID":"b"}]}`},
		{true, 201, `{"results":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`},
		{true, 201, `{"results":[{"displayName":"\u001b]0;pwned\u0007\u202e"}]}`},
	} {
		f.Add(s.apps, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, apps bool, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		spend(t, apps, status, body)
		if b, ok := withSecrets(body); ok && !bytes.Contains(body, []byte("SECRET")) {
			if err := spend(t, apps, status, b); err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("a secret is in the error %q", err)
			}
		}
	})
}

// spend runs one call against an answer and checks the outcome.
func spend(t *testing.T, apps bool, status int, body []byte) error {
	t.Helper()
	answer := func(r *http.Request) (*http.Response, error) {
		st, b := status, body
		if strings.HasSuffix(r.URL.Path, "/token") {
			st, b = http.StatusOK, []byte(`{"access_token":"at-SECRET-0","token_type":"bearer","expires_in":3600}`)
		}
		return &http.Response{StatusCode: st, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(b)), Request: r}, nil
	}
	c, err := New(Config{BaseURL: "https://vb365.example.com:4443", Username: "admin", Password: "pw-SECRET-0", APIVersion: V8},
		devicecode.WithHTTPClient(&http.Client{Transport: roundTrip(answer)}), devicecode.WithClock(fakeclock.New(time.Unix(1e9, 0))))
	if err != nil {
		t.Fatal(err)
	}
	if apps {
		_, err = c.CreateApplications(context.Background(), "b2a7d3c4-0000-4000-8000-000000000001", "VB365", "uc-SECRET-0", 2)
	} else {
		_, err = c.AddOrganization(context.Background(), NewOrganizationOptions{}, "uc-SECRET-0")
	}
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) && !errors.Is(err, devicecode.ErrInvalidResponse) {
		t.Fatalf("untyped outcome %T: %v", err, err)
	}
	if r, bad := safetext.Unsafe(err.Error()); bad {
		t.Fatalf("unsafe %q in %q", r, err)
	}
	if strings.Contains(err.Error(), "SECRET-0") {
		t.Fatalf("a secret of the request is in the error %q", err)
	}
	return err
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// withSecrets adds a password, tokens and a user code to a JSON object
// body.
func withSecrets(body []byte) ([]byte, bool) {
	t := bytes.TrimLeft(body, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	const s = `"password":"pw-SECRET-1","access_token":"at-SECRET-2","refresh_token":"rt-SECRET-3","userCode":"uc-SECRET-4",`
	return append([]byte("{"+s), t[1:]...), true
}

// tokensIn is the values of a body's access and refresh tokens, in any
// letter case of their names, long enough not to occur in an error by
// chance, and not within the token_type, which the error may quote.
func tokensIn(body string) []string {
	var m map[string]any
	_ = json.Unmarshal([]byte(body), &m)
	var types []string
	for k, v := range m {
		if s, ok := v.(string); ok && strings.EqualFold(k, "token_type") {
			types = append(types, s)
		}
	}
	var out []string
	for k, v := range m {
		if s, ok := v.(string); ok && len(s) >= 8 &&
			(strings.EqualFold(k, "access_token") || strings.EqualFold(k, "refresh_token")) &&
			!slices.ContainsFunc(types, func(t string) bool { return strings.Contains(t, s) }) {
			out = append(out, s)
		}
	}
	return out
}
