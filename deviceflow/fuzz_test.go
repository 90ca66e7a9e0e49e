package deviceflow_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/internal/safetext"
)

// FuzzTokenResponse feeds any body, content type and Retry-After to the
// decoder of token and error answers: it never panics, a token always has
// an access token, and no error text carries a byte a terminal acts on.
func FuzzTokenResponse(f *testing.F) {
	for _, seed := range []struct {
		status       int
		ct, ra, body string
	}{
		{200, "application/json", "", `{"access_token":"AT","token_type":"bearer","expires_in":3600}`},
		{400, "application/json; charset=utf-8", "", `{"error":"slow_down","interval":"10"}`},
		{400, "application/json", "", `{"error":"access_denied","error_description":"\u001b]0;x\u0007no"}`},
		{429, "text/html", "Wed, 21 Oct 2015 07:28:00 GMT", `<html>busy</html>`},
		{503, "", "120", ``},
		{200, "text/plain", "", `{"error":"a","error":"b"}`},
		{200, "application/json", "", `{"access_token":"A","access_token":"B"}`},
	} {
		f.Add(seed.status, seed.ct, seed.ra, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, ct, ra string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {ct}, "Retry-After": {ra}}}
		tok, err := deviceflow.ParseTokenResponse(resp, body, t0)
		switch {
		case err == nil && (tok == nil || tok.AccessToken == ""):
			t.Fatalf("token without an access token: %+v", tok)
		case err != nil:
			if r, bad := safetext.Unsafe(err.Error()); bad {
				t.Fatalf("error text carries %U: %q", r, err.Error())
			}
			var oe *deviceflow.OAuthError
			if errors.As(err, &oe) && oe.Code == "" {
				t.Fatalf("an OAuthError without a code: %#v", oe)
			}
		}
	})
}

// FuzzState: a saved state from anywhere either is refused or resumes a
// poller whose device code passed normalize's rules.
func FuzzState(f *testing.F) {
	good, _ := json.Marshal(deviceflow.State{DeviceCode: *newDeviceCode(t0, 0, 0), NextPollAt: t0})
	f.Add(good)
	f.Add([]byte(`{"interval":-1}`))
	f.Add([]byte(`{"device_code":{},"interval":5}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var st deviceflow.State
		if err := json.Unmarshal(b, &st); err != nil {
			if r, bad := safetext.Unsafe(err.Error()); bad {
				t.Fatalf("error text carries %U: %q", r, err.Error())
			}
			return
		}
		if st.Interval < 0 || st.Polls < 0 || st.Failures < 0 {
			t.Fatalf("accepted a negative schedule: %v", st)
		}
	})
}
