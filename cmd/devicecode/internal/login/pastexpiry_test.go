package login

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// TestLoginEndsByExpiry: a server that asks for a wait longer than the
// code's 10 s lifetime ends the login at once — exit 1, the wait named —
// instead of "polling every 27h46m40s". The test's own clock bounds it by
// the lifetime plus one request.
func TestLoginEndsByExpiry(t *testing.T) {
	device := rawHTTP(200, "OK", "application/json", `{"device_code":"D","user_code":"ABCD-EFGH",`+
		`"verification_uri":"https://127.0.0.1/gitlab/oauth/device","expires_in":10,"interval":1}`)
	errorAnswer := func(extraHeader, body string) string {
		return fmt.Sprintf("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s",
			extraHeader, len(body), body)
	}
	for _, tt := range []struct {
		name, token, want string
	}{
		{"slow_down with a 27h interval", errorAnswer("", `{"error":"slow_down","interval":100000}`),
			"the server asked to slow down to a 27h46m40s interval, past the code's expiry in"},
		{"slow_down with a Retry-After of 126 years", errorAnswer("Retry-After: 4000000000\r\n", `{"error":"slow_down"}`),
			"the server asked to wait 1111111h6m40s (Retry-After), past the code's expiry in"},
		{"authorization_pending with an interval of 2^31-1 s", errorAnswer("", `{"error":"authorization_pending","interval":2147483647}`),
			"the server asked for a 596523h14m7s interval, past the code's expiry in"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := rawServer(t, device, tt.token)
			start := time.Now()
			code, _, stderr := runCLI(t, "", "login", "gitlab", "--base-url", base+"/gitlab", "--client-id", "app",
				"--allow-verification-host", "127.0.0.1")
			took := time.Since(start)
			t.Logf("stderr:\n%s", stderr)
			if code != cmdutil.ExitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d saying %q; stderr:\n%s", code, cmdutil.ExitError, tt.want, stderr)
			}
			for _, never := range []string{"polling every", "retrying in"} {
				if strings.Contains(stderr, never) {
					t.Errorf("stderr announces a wait that never comes (%q):\n%s", never, stderr)
				}
			}
			if took > 10*time.Second {
				t.Errorf("the login took %s, past the code's 10 s lifetime", took)
			}
		})
	}
}
