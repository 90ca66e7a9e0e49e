package devicetest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
)

// TestDecisionHookCrossSite: POST /devicetest/approve decides with a user
// code alone, so a browser's cross-site post of it (Origin of another
// site, or Sec-Fetch-Site: cross-site) is refused with 403, and a code in
// the query string alone (what a link or a redirect carries) is not read;
// neither decides, so a plain form post afterwards, as `devicecode sandbox
// approve` sends it, approves the still undecided code.
func TestDecisionHookCrossSite(t *testing.T) {
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	w := oauthVendor(t, "gitlab", devicetest.Options{})
	targets := map[string]func() (hook, userCode string){
		"sandbox": func() (string, string) {
			return sb.URL + "/devicetest/approve", sandboxUserCode(t, sb.URLs[normalize.GitLab]+"/oauth/authorize_device")
		},
		"server": func() (string, string) { w.start("openid"); return w.s.URL + "/devicetest/approve", w.uc },
	}
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			hook, uc := target()
			form := url.Values{"user_code": {uc}}.Encode()
			for header, value := range map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"} {
				if got := hookPost(t, hook, form, header, value); got != http.StatusForbidden {
					t.Errorf("%s: %s: %d, want 403", header, value, got)
				}
			}
			if got := hookPost(t, hook+"?"+form, "", "", ""); got == http.StatusNoContent {
				t.Errorf("user_code in the query alone decided (%d)", got)
			}
			if got := hookPost(t, hook, form, "", ""); got != http.StatusNoContent {
				t.Errorf("a plain form post after the refused ones: %d, want 204 (the code was decided already?)", got)
			}
		})
	}
}

// hookPost posts a form body to the hook, with header set to value when
// header is not "", and returns the status.
func hookPost(t *testing.T, hook, body, header, value string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, hook, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if header != "" {
		req.Header.Set(header, value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// sandboxUserCode asks the sandbox's GitLab fake for a device code for
// client "app" and returns its user code.
func sandboxUserCode(t *testing.T, device string) string {
	t.Helper()
	resp, err := http.PostForm(device, url.Values{"client_id": {"app"}, "scope": {"read_user"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		UserCode string `json:"user_code"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.UserCode == "" {
		t.Fatalf("device code: %v %+v", err, body)
	}
	return body.UserCode
}
