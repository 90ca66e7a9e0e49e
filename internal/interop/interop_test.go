package interop_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/internal/interop"
)

const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

// reply is one HTTP exchange as the wire carried it; the tests log every
// one so the exact server behaviour is on record.
type reply struct {
	Status      int
	ContentType string
	Body        []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// auth is how a request authenticates its client.
type auth struct {
	id, secret string
	basic      bool // client_secret_basic; otherwise client_id (+ client_secret) in the form
	both       bool // Basic and the form at once
}

func post(t *testing.T, endpoint string, form url.Values, a auth) reply {
	t.Helper()
	form = cloneForm(form)
	if !a.basic || a.both {
		form.Set("client_id", a.id)
		if a.secret != "" {
			form.Set("client_secret", a.secret)
		}
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if a.basic {
		// RFC 6749 §2.3.1: form-encode, then Basic.
		req.SetBasicAuth(url.QueryEscape(a.id), url.QueryEscape(a.secret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body}
	t.Logf("POST %s %s -> %d %q %s", endpoint, redact(form), r.Status, r.ContentType, strings.TrimSpace(string(body)))
	return r
}

func cloneForm(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

func redact(v url.Values) string {
	c := cloneForm(v)
	if c.Has("client_secret") {
		c.Set("client_secret", "REDACTED")
	}
	return c.Encode()
}

// deviceAuthorization starts a flow (RFC 8628 §3.1) and returns the
// device and user codes.
func deviceAuthorization(t *testing.T, s *interop.Server, a auth, scope string) (deviceCode, userCode string, body map[string]any) {
	t.Helper()
	r := post(t, s.DeviceAuthorizationURL, url.Values{"scope": {scope}}, a)
	if r.Status != http.StatusOK || r.ContentType != "application/json" {
		t.Fatalf("device authorization: %d %q, want 200 application/json", r.Status, r.ContentType)
	}
	body = r.json(t)
	deviceCode, _ = body["device_code"].(string)
	userCode, _ = body["user_code"].(string)
	if deviceCode == "" || userCode == "" {
		t.Fatalf("device authorization without device_code or user_code: %s", r.Body)
	}
	return deviceCode, userCode, body
}

func poll(t *testing.T, s *interop.Server, a auth, deviceCode string) reply {
	t.Helper()
	return post(t, s.TokenURL, url.Values{"grant_type": {deviceGrant}, "device_code": {deviceCode}}, a)
}

// wantError checks an RFC 6749 §5.2 error answer.
func wantError(t *testing.T, r reply, code string) {
	t.Helper()
	if r.Status != http.StatusBadRequest || r.ContentType != "application/json" {
		t.Errorf("got %d %q, want 400 application/json", r.Status, r.ContentType)
	}
	if got := r.json(t)["error"]; got != code {
		t.Errorf("error = %v, want %s", got, code)
	}
}

func wantToken(t *testing.T, r reply) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK || r.ContentType != "application/json" {
		t.Fatalf("got %d %q, want 200 application/json", r.Status, r.ContentType)
	}
	tok := r.json(t)
	if tok["access_token"] == "" || tok["access_token"] == nil || tok["token_type"] != "Bearer" {
		t.Fatalf("token response without access_token or Bearer token_type: %s", r.Body)
	}
	return tok
}

func public(s *interop.Server) auth { return auth{id: s.PublicClientID} }

func TestLayouts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		opts             interop.Options
		device, token    string
		verificationPath string
	}{
		{"default", interop.Options{}, "/device_authorization", "/oauth/token", "/device"},
		{"gitlab", interop.Options{Layout: interop.LayoutGitLab}, "/oauth/authorize_device", "/oauth/token", "/oauth/device"},
		{"microsoft", interop.Options{Layout: interop.LayoutMicrosoft}, "/organizations/oauth2/v2.0/devicecode", "/organizations/oauth2/v2.0/token", "/devicelogin"},
		{"microsoft tenant", interop.Options{Layout: interop.LayoutMicrosoft, Tenant: "contoso.onmicrosoft.com"}, "/contoso.onmicrosoft.com/oauth2/v2.0/devicecode", "/contoso.onmicrosoft.com/oauth2/v2.0/token", "/devicelogin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := interop.Start(t, tt.opts)
			if s.DeviceAuthorizationURL != s.BaseURL+tt.device || s.TokenURL != s.BaseURL+tt.token {
				t.Fatalf("endpoints %s, %s; want %s, %s under %s", s.DeviceAuthorizationURL, s.TokenURL, tt.device, tt.token, s.BaseURL)
			}
			dc, uc, body := deviceAuthorization(t, s, public(s), "openid")
			if got := body["verification_uri"]; got != s.BaseURL+tt.verificationPath {
				t.Errorf("verification_uri = %v, want %s", got, s.BaseURL+tt.verificationPath)
			}
			if got := body["verification_uri_complete"]; got != s.BaseURL+tt.verificationPath+"?user_code="+uc {
				t.Errorf("verification_uri_complete = %v", got)
			}
			if body["expires_in"] != 300.0 || body["interval"] != 1.0 {
				t.Errorf("expires_in, interval = %v, %v; want 300, 1", body["expires_in"], body["interval"])
			}
			wantError(t, poll(t, s, public(s), dc), "authorization_pending")
			if err := s.Approve(context.Background(), uc); err != nil {
				t.Fatal(err)
			}
			wantToken(t, poll(t, s, public(s), dc))
		})
	}
}

func TestDecisions(t *testing.T) {
	t.Parallel()
	s := interop.Start(t, interop.Options{Layout: interop.LayoutGitLab})
	ctx := context.Background()

	t.Run("public client scopes", func(t *testing.T) {
		dc, uc, _ := deviceAuthorization(t, s, public(s), "openid read_user api offline_access")
		if err := s.Approve(ctx, uc); err != nil {
			t.Fatal(err)
		}
		tok := wantToken(t, poll(t, s, public(s), dc))
		if tok["scope"] != "openid read_user api offline_access" {
			t.Errorf("scope = %v", tok["scope"])
		}
		if tok["refresh_token"] == nil || tok["id_token"] == nil {
			t.Errorf("want refresh_token (offline_access) and id_token (openid): %v", tok)
		}
		// The example storage keeps a completed authorization: polling
		// again mints another token (no one-time use of device_code).
		poll(t, s, public(s), dc)

		refresh := post(t, s.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}, public(s))
		if next := wantToken(t, refresh); next["refresh_token"] == tok["refresh_token"] {
			t.Errorf("refresh token not rotated")
		}
	})
	t.Run("malformed token requests", func(t *testing.T) {
		wantError(t, post(t, s.TokenURL, url.Values{"grant_type": {deviceGrant}}, public(s)), "invalid_request")
		wantError(t, post(t, s.TokenURL, url.Values{"device_code": {"x"}}, public(s)), "invalid_request")
		wantError(t, post(t, s.TokenURL, url.Values{"grant_type": {"foo"}}, public(s)), "unsupported_grant_type")
	})
	t.Run("deny", func(t *testing.T) {
		dc, uc, _ := deviceAuthorization(t, s, public(s), "read_user")
		if err := s.Deny(ctx, uc); err != nil {
			t.Fatal(err)
		}
		wantError(t, poll(t, s, public(s), dc), "access_denied")
	})
	t.Run("polling faster than interval", func(t *testing.T) {
		dc, _, _ := deviceAuthorization(t, s, public(s), "read_user")
		for range 3 {
			wantError(t, poll(t, s, public(s), dc), "authorization_pending") // zitadel never sends slow_down for pace
		}
	})
	t.Run("unknown device_code", func(t *testing.T) {
		wantError(t, poll(t, s, public(s), "no-such-code"), "access_denied")
	})
	t.Run("another client's device_code", func(t *testing.T) {
		dc, _, _ := deviceAuthorization(t, s, public(s), "read_user")
		wantError(t, poll(t, s, auth{id: s.PostClientID, secret: s.PostClientSecret}, dc), "access_denied")
	})
	t.Run("unknown user code", func(t *testing.T) {
		for _, hook := range []func(context.Context, string) error{s.Approve, s.Deny} {
			if err := hook(ctx, "NOPE-NOPE"); !errors.Is(err, interop.ErrUnknownUserCode) {
				t.Errorf("err = %v, want ErrUnknownUserCode", err)
			}
		}
	})
	t.Run("unknown client", func(t *testing.T) {
		r := post(t, s.DeviceAuthorizationURL, url.Values{"scope": {"read_user"}}, auth{id: "nobody"})
		wantError(t, r, "invalid_client")
	})
}

func TestExpired(t *testing.T) {
	t.Parallel()
	const lifetime = 3 * time.Second
	s := interop.Start(t, interop.Options{Lifetime: lifetime})
	issued := time.Now()
	dc, _, body := deviceAuthorization(t, s, public(s), "openid")
	if body["expires_in"] != 3.0 {
		t.Errorf("expires_in = %v, want 3", body["expires_in"])
	}
	wantError(t, poll(t, s, public(s), dc), "authorization_pending")
	time.Sleep(time.Until(issued.Add(lifetime + 100*time.Millisecond)))
	wantError(t, poll(t, s, public(s), dc), "expired_token")
}

func TestIntervalOmitted(t *testing.T) {
	t.Parallel()
	s := interop.Start(t, interop.Options{Interval: -1})
	_, _, body := deviceAuthorization(t, s, public(s), "openid")
	if _, ok := body["interval"]; ok {
		t.Errorf("interval present: %v", body["interval"])
	}
}

// TestClientAuthentication records which client authentications zitadel
// accepts at both endpoints. It does not enforce a client's registered
// style: a secret is accepted from Basic or the form alike.
func TestClientAuthentication(t *testing.T) {
	t.Parallel()
	s := interop.Start(t, interop.Options{Layout: interop.LayoutMicrosoft})
	basic := auth{id: s.ConfidentialClientID, secret: s.ConfidentialClientSecret, basic: true}
	form := auth{id: s.PostClientID, secret: s.PostClientSecret}
	tests := []struct {
		name string
		a    auth
		ok   bool
		err  string // at device authorization when !ok
	}{
		{"basic client via Basic", basic, true, ""},
		{"post client via form", form, true, ""},
		{"basic client via form", auth{id: basic.id, secret: basic.secret}, true, ""},
		{"post client via Basic", auth{id: form.id, secret: form.secret, basic: true}, true, ""},
		{"basic client without secret", auth{id: basic.id}, false, "invalid_client"},
		{"basic client wrong secret", auth{id: basic.id, secret: "wrong", basic: true}, false, "invalid_client"},
		{"post client wrong secret", auth{id: form.id, secret: "wrong"}, false, "invalid_client"},
		{"Basic and form at once", auth{id: basic.id, secret: basic.secret, basic: true, both: true}, false, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				wantError(t, post(t, s.DeviceAuthorizationURL, url.Values{"scope": {"openid"}}, tt.a), tt.err)
				return
			}
			dc, uc, _ := deviceAuthorization(t, s, tt.a, "openid offline_access")
			wantError(t, poll(t, s, tt.a, dc), "authorization_pending")
			if err := s.Approve(context.Background(), uc); err != nil {
				t.Fatal(err)
			}
			wantToken(t, poll(t, s, tt.a, dc))
		})
	}
	t.Run("confidential client polls without secret", func(t *testing.T) {
		dc, uc, _ := deviceAuthorization(t, s, basic, "openid")
		if err := s.Approve(context.Background(), uc); err != nil {
			t.Fatal(err)
		}
		wantError(t, poll(t, s, auth{id: basic.id}, dc), "invalid_client")
	})
}
