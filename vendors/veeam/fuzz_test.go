package veeam

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/internal/safetext"
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
		// A token answer's error names members, never their values.
		if err != nil && (strings.Contains(err.Error(), "at-SECRET") || strings.Contains(err.Error(), "rt-SECRET")) {
			t.Fatalf("token in %q", err)
		}
		_, err = authenticated([]byte(body))
		check(err)
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}
		check(readError(resp, []byte(body), now))
	})
}
