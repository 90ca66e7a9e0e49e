package devicetest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
)

const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

// wire is a fake spoken to on the wire, as a client nobody here wrote
// would: its device and token endpoints and its clock.
type wire struct {
	t              *testing.T
	s              *devicetest.Server
	clk            *fakeclock.Clock
	device, token  string
	deviceCode, uc string
}

// oauthVendor starts GitLab's or Entra's fake on a manual fake clock.
func oauthVendor(t *testing.T, vendor string, opts devicetest.Options) *wire {
	t.Helper()
	w := &wire{t: t, clk: fakeclock.New(t0)}
	opts.Clock = w.clk
	switch vendor {
	case "gitlab":
		w.s = devicetest.NewGitLab(opts)
		w.device, w.token = w.s.URL+"/oauth/authorize_device", w.s.URL+"/oauth/token"
	default:
		w.s = devicetest.NewMicrosoft(opts)
		w.device, w.token = w.s.URL+"/organizations/oauth2/v2.0/devicecode", w.s.URL+"/organizations/oauth2/v2.0/token"
	}
	t.Cleanup(w.s.Close)
	return w
}

// start asks for a device code for client "app".
func (w *wire) start(scope string) {
	w.t.Helper()
	var body struct {
		DeviceCode string `json:"device_code"`
		UserCode   string `json:"user_code"`
	}
	w.post(w.device, url.Values{"client_id": {"app"}, "scope": {scope}}, http.StatusOK, &body)
	w.deviceCode, w.uc = body.DeviceCode, body.UserCode
}

// poll is a token request for the device code as client, returning its
// status and body.
func (w *wire) poll(client, grant string) (int, map[string]any) {
	w.t.Helper()
	var body map[string]any
	status := w.post(w.token, url.Values{"client_id": {client}, "grant_type": {grant}, "device_code": {w.deviceCode}}, 0, &body)
	return status, body
}

// want polls and checks the OAuth error code ("" for a token).
func (w *wire) want(client, grant, code string) map[string]any {
	w.t.Helper()
	status, body := w.poll(client, grant)
	if got, _ := body["error"].(string); got != code || (code == "") != (status == http.StatusOK) {
		w.t.Fatalf("poll as %q with %q = %d %v, want error %q", client, grant, status, body, code)
	}
	return body
}

func (w *wire) post(u string, form url.Values, status int, into any) int {
	w.t.Helper()
	resp, err := w.s.Client().PostForm(u, form)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	if status != 0 && resp.StatusCode != status {
		w.t.Fatalf("POST %s = %d, want %d", u, resp.StatusCode, status)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		w.t.Fatalf("POST %s: %v", u, err)
	}
	return resp.StatusCode
}

func getJSON(t *testing.T, s *devicetest.Server, u string, status int) map[string]any {
	t.Helper()
	resp, err := s.Client().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != status {
		t.Fatalf("GET %s = %d (%v), want %d", u, resp.StatusCode, err, status)
	}
	return body
}

var oauthVendors = []string{"gitlab", "microsoft"}

// A device code belongs to the client it was issued to (RFC 6749 §5.2):
// another client presenting it gets invalid_grant, in the form or as HTTP
// Basic's user, and the right client still signs in.
func TestAnotherClientsDeviceCode(t *testing.T) {
	for _, v := range oauthVendors {
		t.Run(v, func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{})
			w.start("openid")
			w.want("intruder", deviceGrant, "invalid_grant")
			req, _ := http.NewRequest(http.MethodPost, w.token, strings.NewReader(url.Values{"grant_type": {deviceGrant}, "device_code": {w.deviceCode}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth("intruder", "")
			resp, err := w.s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if body["error"] != "invalid_grant" {
				t.Fatalf("Basic intruder got %d %v, want invalid_grant", resp.StatusCode, body)
			}
			_ = w.s.Approve(w.uc)
			w.want("app", deviceGrant, "")
		})
	}
}

// The token endpoint serves the device grant's URN and refreshes; the bare
// word device_code (the api-evangelist schema's spelling) and other grants
// are unsupported_grant_type (RFC 6749 §5.2).
func TestUnsupportedGrantType(t *testing.T) {
	for _, v := range oauthVendors {
		t.Run(v, func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{})
			w.start("openid offline_access")
			_ = w.s.Approve(w.uc)
			for _, g := range []string{"device_code", "password"} {
				w.want("app", g, "unsupported_grant_type")
			}
			w.want("app", "", "invalid_request")
			tok := w.want("app", deviceGrant, "")
			var refreshed map[string]any
			w.post(w.token, url.Values{"client_id": {"app"}, "grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}, http.StatusOK, &refreshed)
			if refreshed["access_token"] == nil {
				t.Fatalf("refresh = %v", refreshed)
			}
		})
	}
}

// A token request without grant_type, or with an empty one, lacks a
// required parameter: invalid_request (RFC 6749 §5.2), as Doorkeeper
// (MissingRequiredParameter) and Entra (AADSTS900144) answer, with
// HTTP 400; the device code stays good for a poll that names the grant.
func TestMissingGrantType(t *testing.T) {
	for _, v := range oauthVendors {
		t.Run(v, func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{})
			w.start("openid")
			_ = w.s.Approve(w.uc)
			for _, form := range []url.Values{
				{"client_id": {"app"}, "device_code": {w.deviceCode}},
				{"client_id": {"app"}, "grant_type": {""}, "device_code": {w.deviceCode}},
			} {
				var body map[string]any
				w.post(w.token, form, http.StatusBadRequest, &body)
				if body["error"] != "invalid_request" {
					t.Fatalf("%v: %v, want invalid_request", form, body)
				}
				if d, _ := body["error_description"].(string); !strings.Contains(d, "missing") && !strings.Contains(d, "grant_type") {
					t.Fatalf("%v: description %q names no missing parameter", form, d)
				}
			}
			w.want("app", deviceGrant, "")
		})
	}
}

// A poll sooner than the interval after the previous one gets slow_down
// (RFC 8628 §3.5); a poll on time after it is answered again, since the
// early one does not count; NoSlowDown answers the early poll as usual.
func TestSlowDown(t *testing.T) {
	for _, v := range oauthVendors {
		t.Run(v, func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{})
			w.start("openid")
			w.want("app", deviceGrant, "authorization_pending")
			w.clk.Advance(4 * time.Second)
			w.want("app", deviceGrant, "slow_down")
			w.clk.Advance(time.Second) // 5 s after the last answered poll
			w.want("app", deviceGrant, "authorization_pending")
			w.clk.Advance(5 * time.Second)
			_ = w.s.Approve(w.uc)
			w.want("app", deviceGrant, "")
		})
		t.Run(v+"/interval omitted: 5 s", func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{OmitInterval: true, Interval: 30 * time.Second})
			w.start("openid")
			w.want("app", deviceGrant, "authorization_pending")
			w.clk.Advance(5 * time.Second)
			w.want("app", deviceGrant, "authorization_pending")
			w.clk.Advance(4 * time.Second)
			w.want("app", deviceGrant, "slow_down")
		})
		t.Run(v+"/NoSlowDown", func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{NoSlowDown: true})
			w.start("openid")
			w.want("app", deviceGrant, "authorization_pending")
			w.want("app", deviceGrant, "authorization_pending")
		})
	}
}

// A completed sign-in's device code is used up: GitLab's Doorkeeper
// destroys the grant when it issues the token (invalid_grant after it);
// Entra's answer is not documented, its fake says bad_verification_code.
func TestRedeemedDeviceCode(t *testing.T) {
	for v, code := range map[string]string{"gitlab": "invalid_grant", "microsoft": "bad_verification_code"} {
		t.Run(v, func(t *testing.T) {
			w := oauthVendor(t, v, devicetest.Options{})
			w.start("openid")
			_ = w.s.Approve(w.uc)
			w.want("app", deviceGrant, "")
			w.clk.Advance(5 * time.Second)
			w.want("app", deviceGrant, code)
		})
	}
}

// Where Microsoft documents no answer, Options.Undocumented picks the
// Entra fake's: another client's code, a used code and the bare
// device_code grant each get the answer asked for.
func TestUndocumentedEntraAnswers(t *testing.T) {
	w := oauthVendor(t, "microsoft", devicetest.Options{Undocumented: devicetest.Undocumented{
		ForeignCodeError: "invalid_client", UsedCodeError: "expired_token", BareDeviceCodeGrant: true}})
	w.start("openid")
	w.want("intruder", deviceGrant, "invalid_client")
	_ = w.s.Approve(w.uc)
	w.want("app", "device_code", "")
	w.clk.Advance(5 * time.Second)
	w.want("app", deviceGrant, "expired_token")
}
