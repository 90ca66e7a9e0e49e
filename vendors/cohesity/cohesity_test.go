package cohesity_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

const domain = "contoso.onmicrosoft.com"

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// setup starts a fake on a fake clock that jumps to each timer, so a
// 15-minute flow takes milliseconds, and a client for it.
func setup(t *testing.T, o devicetest.CohesityOptions, cfg cohesity.Config, opts ...devicecode.Option) (*devicetest.CohesityServer, *cohesity.Client) {
	t.Helper()
	clk := fakeclock.NewAuto(t0)
	o.Clock = clk
	fake := devicetest.NewCohesity(o)
	t.Cleanup(fake.Close)
	cfg.BaseURL = fake.URL
	if cfg.APIKey == "" && cfg.Username == "" && cfg.SessionID == "" {
		cfg.APIKey = devicetest.CohesityAPIKey
	}
	if cfg.Domain == "" {
		cfg.Domain = domain
	}
	c, err := cohesity.New(cfg, append([]devicecode.Option{devicecode.WithClock(clk)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return fake, c
}

// signIn runs Start, approves (if asked) and the flow's Wait, and checks
// that an approval yields Cohesity's Outcome with the token.
func signIn(t *testing.T, fake *devicetest.CohesityServer, c *cohesity.Client, approve bool) (*normalize.DeviceCode, *oauth2.Token, error) {
	t.Helper()
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		return nil, nil, err
	}
	dc := fl.State().DeviceCode
	if approve {
		if err := fake.Approve(fl.Prompt().UserCode); err != nil {
			t.Fatal(err)
		}
	}
	out, err := fl.Wait(ctx)
	if err != nil {
		return &dc, nil, err
	}
	if out.Vendor != normalize.Cohesity || out.Token == nil || out.UserCode != "" {
		t.Fatalf("outcome = %v, want Cohesity's with a token", out)
	}
	return &dc, out.Token, nil
}

func polls(fake *devicetest.CohesityServer) []devicetest.CohesityRequest {
	var out []devicetest.CohesityRequest
	for _, r := range fake.Requests() {
		if r.Path == "/v2/data-protect/sources/microsoft365/auth/token" {
			out = append(out, r)
		}
	}
	return out
}

func TestFlow(t *testing.T) {
	tests := []struct {
		name      string
		opts      devicetest.CohesityOptions
		cfg       cohesity.Config
		approve   bool
		wantErr   []error  // errors.Is each
		wantText  []string // in the error text
		wantPolls int
	}{
		{name: "granted at once", approve: true, wantPolls: 1},
		{name: "pending then granted", approve: true, wantPolls: 3,
			opts: devicetest.CohesityOptions{Script: []devicetest.Answer{devicetest.Pending, devicetest.Pending}}},
		{name: "transient 503s and a 429", approve: true, wantPolls: 4,
			opts: devicetest.CohesityOptions{Script: []devicetest.Answer{
				devicetest.Unavailable, devicetest.Unavailable, devicetest.TooMany}}},
		{name: "expiry", opts: devicetest.CohesityOptions{Lifetime: time.Minute},
			wantErr:  []error{devicecode.ErrExpiredToken},
			wantText: []string{"cohesity: waiting for approval: the code expired", devicetest.CohesityPendingCode}},
		{name: "wrong API key", cfg: cohesity.Config{APIKey: "wrong"},
			wantErr:  []error{devicecode.ErrUnauthorized},
			wantText: []string{"cohesity: requesting a device code: the server refused the credentials (HTTP 401 Unauthorized, KUnauthorized: Unauthorized)"}},
		{name: "wrong password", opts: devicetest.CohesityOptions{Username: "admin", Password: "right"},
			cfg:      cohesity.Config{Username: "admin", Password: "wrong"},
			wantErr:  []error{devicecode.ErrUnauthorized},
			wantText: []string{"cohesity: logging in: the server refused the credentials (HTTP 401"}},
		{name: "forbidden", opts: devicetest.CohesityOptions{ForbiddenAPIKey: "read-only"},
			cfg:      cohesity.Config{APIKey: "read-only"},
			wantErr:  []error{devicecode.ErrForbidden},
			wantText: []string{"HTTP 403 Forbidden, KPermissionDenied"}},
		{name: "unknown organization", opts: devicetest.CohesityOptions{Domains: []string{"fabrikam.onmicrosoft.com"}},
			wantErr:  []error{devicecode.ErrNotFound},
			wantText: []string{"HTTP 404 Not Found, KNotFound: Organization contoso.onmicrosoft.com not found"}},
		{name: "login", approve: true, wantPolls: 1,
			opts: devicetest.CohesityOptions{Username: "admin", Password: "pw", Domain: "LOCAL"},
			cfg:  cohesity.Config{Username: "admin", Password: "pw", LoginDomain: "LOCAL"}},
		{name: "session id", approve: true, wantPolls: 1,
			opts: devicetest.CohesityOptions{SessionID: "sess-1"}, cfg: cohesity.Config{SessionID: "sess-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, c := setup(t, tt.opts, tt.cfg)
			_, tok, err := signIn(t, fake, c, tt.approve)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if tok.AccessToken == "" || tok.ExpiresIn != 3599 || !tok.Expiry.After(t0) {
					t.Errorf("token = %v, want an access token for 3599 s", tok)
				}
				if n := len(polls(fake)); n != tt.wantPolls {
					t.Errorf("%d polls, want %d", n, tt.wantPolls)
				}
				return
			}
			for _, w := range tt.wantErr {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want errors.Is %v", err, w)
				}
			}
			for _, w := range tt.wantText {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to say %q", err, w)
				}
			}
		})
	}
}

// TestSchedule checks the engine's schedule against Cohesity's answers:
// intervalSecs between pending polls, Retry-After after a 503.
func TestSchedule(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{Interval: 7 * time.Second, RetryAfter: 20 * time.Second,
		Script: []devicetest.Answer{devicetest.Pending, devicetest.Unavailable}}, cohesity.Config{})
	if _, _, err := signIn(t, fake, c, true); err != nil {
		t.Fatal(err)
	}
	p := polls(fake)
	if len(p) != 3 {
		t.Fatalf("%d polls, want 3", len(p))
	}
	if d := p[1].At.Sub(p[0].At); d != 7*time.Second {
		t.Errorf("after pending: %s, want the 7 s interval", d)
	}
	if d := p[2].At.Sub(p[1].At); d < 20*time.Second {
		t.Errorf("after 503: %s, want at least Retry-After 20 s", d)
	}
}

// TestUnauthorizedWhilePolling checks that a 401 ends the wait at once.
func TestUnauthorizedWhilePolling(t *testing.T) {
	var revoked atomic.Bool
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{},
		devicecode.WithRequestEditor(func(_ context.Context, r *http.Request) error {
			if revoked.Load() {
				r.Header.Set("apiKey", "revoked")
			}
			return nil
		}))
	fl, err := c.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	revoked.Store(true)
	_, err = fl.Wait(context.Background())
	if !errors.Is(err, devicecode.ErrUnauthorized) || len(polls(fake)) != 1 {
		t.Errorf("err = %v after %d polls, want devicecode.ErrUnauthorized after 1", err, len(polls(fake)))
	}
	var e *cohesity.Error
	if !errors.As(err, &e) || e.ErrorCode != devicetest.CohesityUnauthorized {
		t.Errorf("errors.As *Error = %+v", e)
	}
}

// TestDenied shows both halves of the UNVERIFIED policy: by default a
// denial (a 4xx Error body) is pending until expiry; a classifier that
// knows the code ends the flow at once.
func TestDenied(t *testing.T) {
	classify := func(e *cohesity.Error) error {
		if e.ErrorCode == devicetest.CohesityDeniedCode {
			return devicecode.ErrAccessDenied
		}
		return cohesity.DefaultClassifier(e)
	}
	tests := []struct {
		name     string
		classify cohesity.Classifier
		want     error
		text     string // the last answer's errorCode
		polls    int
	}{
		// 0 s … 60 s every 5 s, the last one at expiry.
		{"default policy: pending until expiry", nil, devicecode.ErrExpiredToken, devicetest.CohesityDeniedCode, 12},
		{"caller's classifier", classify, devicecode.ErrAccessDenied, devicetest.CohesityDeniedCode, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, c := setup(t, devicetest.CohesityOptions{Lifetime: time.Minute}, cohesity.Config{Classify: tt.classify})
			fl, err := c.Start(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			_ = fake.Deny(fl.Prompt().UserCode)
			_, err = fl.Wait(context.Background())
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %v, want %v naming %s", err, tt.want, tt.text)
			}
			if n := len(polls(fake)); n != tt.polls {
				t.Errorf("%d polls, want %d", n, tt.polls)
			}
		})
	}
}

func TestSelfSignedTLS(t *testing.T) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{TLS: true})
	t.Cleanup(fake.Close)
	tests := []struct {
		name  string
		cfg   cohesity.Config
		wantX bool // a certificate error
	}{
		{"CA file", cohesity.Config{CAPEM: fake.CertificatePEM}, false},
		{"system roots", cohesity.Config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.BaseURL, tt.cfg.APIKey, tt.cfg.Domain = fake.URL, devicetest.CohesityAPIKey, domain
			c, err := cohesity.New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Start(context.Background())
			if got := err != nil && strings.Contains(err.Error(), "certificate"); got != tt.wantX {
				t.Errorf("err = %v, want a certificate error: %t", err, tt.wantX)
			}
		})
	}
}

// TestHeliosHeaders checks that the routing headers go with every call.
func TestHeliosHeaders(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{AccessClusterID: 4242, RegionID: "us-east-1"})
	if _, _, err := signIn(t, fake, c, true); err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Requests() {
		if r.AccessClusterID != "4242" || r.RegionID != "us-east-1" {
			t.Errorf("%s %s: accessClusterId %q regionId %q", r.Method, r.Path, r.AccessClusterID, r.RegionID)
		}
	}
}

// TestLoginOnce checks that a login is reused by every later call.
func TestLoginOnce(t *testing.T) {
	o := devicetest.CohesityOptions{Username: "admin", Password: "pw",
		Script: []devicetest.Answer{devicetest.Pending}}
	fake, c := setup(t, o, cohesity.Config{Username: "admin", Password: "pw"})
	if _, _, err := signIn(t, fake, c, true); err != nil {
		t.Fatal(err)
	}
	logins := 0
	for _, r := range fake.Requests() {
		switch {
		case r.Path == "/v2/access-tokens":
			logins++
		case r.Auth != "Authorization":
			t.Errorf("%s: authenticated by %q, want Authorization", r.Path, r.Auth)
		}
	}
	if logins != 1 {
		t.Errorf("%d logins, want 1", logins)
	}
}
