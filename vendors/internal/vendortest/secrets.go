package vendortest

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
)

// Logger logs everything, down to debug, into the returned buffer, so a
// test can check that no secret reaches a log line.
func Logger() (*slog.Logger, *strings.Builder) {
	var logs strings.Builder
	return slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), &logs
}

// Formats shows each value the three ways fmt can: %v, %+v and %#v.
func Formats(vs ...any) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprint(v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v))
	}
	return out
}

// NotShown fails t for each of shown that contains one of secrets.
func NotShown(t *testing.T, shown []string, secrets ...string) {
	t.Helper()
	for _, s := range shown {
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("secret or device code shown: %s", s)
			}
		}
	}
}

// AuthStyles runs one approved flow per client authentication style, via
// run against a fake that checks the secret, and checks that each request
// authenticates exactly one way: the style is never probed, and HTTP Basic
// keeps the id and secret out of the form (RFC 6749 §2.3).
func AuthStyles(t *testing.T, clientID, secret string, run func(t *testing.T, style devicecode.AuthStyle, secret string) *devicetest.Server) {
	tests := []struct {
		name            string
		style           devicecode.AuthStyle
		secret          string
		formID, formSec bool
		basicUser       string
	}{
		{"public", devicecode.AuthStyleNone, "", true, false, ""},
		{"form", devicecode.AuthStyleInParams, secret, true, true, ""},
		{"basic", devicecode.AuthStyleInHeader, secret, false, false, clientID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := run(t, tt.style, tt.secret).Requests()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2 (one device request, one poll: the style is never probed)", len(reqs))
			}
			for i, r := range reqs {
				if r.Form.Has("client_id") != tt.formID || r.Form.Has("client_secret") != tt.formSec || r.BasicUser != tt.basicUser {
					t.Errorf("request %d: form %v, Basic user %q", i, r.Form, r.BasicUser)
				}
				if tt.formSec && r.Form.Get("client_secret") != secret {
					t.Errorf("request %d: wrong secret in the form", i)
				}
			}
		})
	}
}
