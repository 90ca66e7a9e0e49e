package veeam_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/veeam"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

const (
	orgID     = "5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60"
	sessionID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
	password  = "VB365-p@ss-do-not-print"
)

type env struct {
	srv    *devicetest.VeeamServer
	client *veeam.Client
	clock  *fakeclock.Clock
}

// setup starts a fake VB365 server and a client for it on one auto
// fake clock. The client's Target is cfg's, NewOrganization("") (the
// server's default region) when cfg has none.
func setup(t *testing.T, o devicetest.VeeamOptions, cfg veeam.Config, opts ...devicecode.Option) *env {
	t.Helper()
	clk := fakeclock.NewAuto(t0)
	o.Clock = clk
	o.Password = password
	o.Organizations = append(o.Organizations, orgID)
	o.RestoreSessions = append(o.RestoreSessions, sessionID)
	srv := devicetest.NewVeeam(o)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL
	if cfg.Username == "" {
		cfg.Username = "admin"
	}
	if cfg.Password == "" {
		cfg.Password = password
	}
	if cfg.Target == (veeam.Target{}) {
		cfg.Target = veeam.NewOrganization("")
	}
	c, err := veeam.New(cfg, append([]devicecode.Option{devicecode.WithClock(clk)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, client: c, clock: clk}
}

func (e *env) grants() []string {
	var g []string
	for _, r := range e.srv.Requests() {
		if r.Grant != "" {
			g = append(g, r.Grant)
		}
	}
	return g
}

func TestHappyPathEveryVersion(t *testing.T) {
	for _, v := range []string{"v6", "v7", "v8"} {
		t.Run(v, func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{Version: v}, veeam.Config{Target: veeam.NewOrganization(veeam.RegionWorldwide)})
			e.srv.ApproveAfterChecks(2)
			ctx := context.Background()
			f, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			dc := f.State().DeviceCode
			if dc.DeviceCode != "" || dc.UserCode == "" || dc.VerificationURI != "https://microsoft.com/devicelogin" || dc.Interval != 5*time.Second {
				t.Fatalf("device code %v", dc)
			}
			if p := f.Prompt(); p.UserCode != dc.UserCode || p.VerificationURI != dc.VerificationURI {
				t.Errorf("prompt %+v does not show the device code's user code and URI", p)
			}
			out, err := f.Wait(ctx)
			if err != nil || out.UserCode != dc.UserCode || out.Vendor != normalize.Veeam || out.Token != nil {
				t.Fatalf("Wait = %v, %v; want the user code and no token", out, err)
			}
			code := out.UserCode
			org, err := e.client.AddOrganization(ctx, veeam.NewOrganizationOptions{Region: veeam.RegionWorldwide}, code)
			if err != nil || org.ID == "" {
				t.Fatalf("AddOrganization = %+v, %v", org, err)
			}
			got, err := e.client.APIVersion(ctx)
			if err != nil || string(got) != v {
				t.Errorf("APIVersion = %q, %v; want %s (probed)", got, err, v)
			}
			if g := e.grants(); len(g) != 1 || g[0] != "password" {
				t.Errorf("grants %v, want one password sign-in", g)
			}
			if c := e.srv.Consumed(); len(c) != 1 || c[0] != code {
				t.Errorf("consumed %v", c)
			}
			wantStatus := map[string]int{"v6": 200, "v7": 200, "v8": 201}[v]
			for _, r := range e.srv.Requests() {
				if r.Path == "/"+v+"/Organizations" && r.Status != wantStatus {
					t.Errorf("POST %s answered %d, want %d", r.Path, r.Status, wantStatus)
				}
			}
		})
	}
}

// The probe goes newest first and stops at the first version that exists.
func TestProbe(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{Version: "v6"}, veeam.Config{})
	v, err := e.client.APIVersion(context.Background())
	if err != nil || v != veeam.V6 {
		t.Fatalf("APIVersion = %q, %v", v, err)
	}
	var paths []string
	for _, r := range e.srv.Requests() {
		paths = append(paths, fmt.Sprintf("%s %d", r.Path, r.Status))
	}
	want := "/v8/ServiceInstance 404,/v7/ServiceInstance 404,/v6/ServiceInstance 401"
	if strings.Join(paths, ",") != want {
		t.Errorf("probe %v, want %s", paths, want)
	}
	// A configured version is not probed.
	e = setup(t, devicetest.VeeamOptions{Version: "v8"}, veeam.Config{APIVersion: veeam.V8})
	if _, err := e.client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, r := range e.srv.Requests() {
		if strings.Contains(r.Path, "ServiceInstance") {
			t.Errorf("probed although APIVersion was set: %v", r)
		}
	}
	// A configured version the server lacks is a 404.
	e = setup(t, devicetest.VeeamOptions{Version: "v6"}, veeam.Config{APIVersion: veeam.V8})
	if _, err := e.client.Start(context.Background()); !errors.Is(err, devicecode.ErrNotFound) {
		t.Errorf("v8 client on a v6 server: %v", err)
	}
}

func TestStartVariants(t *testing.T) {
	tests := []struct {
		name   string
		target veeam.Target
		path   string
	}{
		{"new organization", veeam.NewOrganization(veeam.RegionGermany), "/v8/DeviceCode"},
		{"existing organization", veeam.ExistingOrganization(orgID), "/v8/Organizations/" + orgID + "/DeviceCode"},
		{"restore session", veeam.RestoreSession(sessionID), "/v8/RestoreSessions/" + sessionID + "/organization/restoreDeviceCode"},
		{"azure service account", veeam.AzureServiceAccount(veeam.AzureGlobal, "contoso.onmicrosoft.com"), "/v8/AzureServiceAccounts/DeviceCode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{}, veeam.Config{APIVersion: veeam.V8, Target: tc.target})
			f, err := e.client.Start(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if dc := f.State().DeviceCode; dc.UserCode == "" || dc.ExpiresIn <= 0 || dc.ExpiresAt.IsZero() {
				t.Errorf("device code %v", dc)
			}
			reqs := e.srv.Requests()
			if last := reqs[len(reqs)-1]; last.Path != tc.path || !last.Authorized {
				t.Errorf("last request %+v, want an authorized %s", last, tc.path)
			}
		})
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name   string
		opts   devicetest.VeeamOptions
		cfg    veeam.Config
		script func(*devicetest.VeeamServer)
		target veeam.Target
		want   error
		text   string
	}{
		{"wrong password (401)", devicetest.VeeamOptions{}, veeam.Config{Password: "wrong"}, nil,
			veeam.NewOrganization(""), devicecode.ErrUnauthorized,
			"veeam: requesting a device code: signing in to the server: the server refused the credentials (HTTP 401 Unauthorized): The user name or password is incorrect."},
		{"wrong password (OWIN 400 invalid_grant)", devicetest.VeeamOptions{OAuthErrors: true}, veeam.Config{Password: "wrong"}, nil,
			veeam.NewOrganization(""), devicecode.ErrUnauthorized, "(HTTP 400 Bad Request, invalid_grant)"},
		{"forbidden (403)", devicetest.VeeamOptions{}, veeam.Config{}, (*devicetest.VeeamServer).Forbid,
			veeam.NewOrganization(""), devicecode.ErrForbidden, "(HTTP 403 Forbidden, ResourceAccessDenied): Access is denied."},
		{"unknown organization (404)", devicetest.VeeamOptions{}, veeam.Config{}, nil,
			veeam.ExistingOrganization("11111111-2222-4333-8444-555555555555"), devicecode.ErrNotFound,
			"veeam: requesting a device code: the server has no such resource (HTTP 404 Not Found, ResourceNotFound): Organization not found."},
		{"unknown restore session (404)", devicetest.VeeamOptions{}, veeam.Config{}, nil,
			veeam.RestoreSession("11111111-2222-4333-8444-555555555555"), devicecode.ErrNotFound, "Restore session not found."},
		{"no version answers", devicetest.VeeamOptions{Version: "v5"}, veeam.Config{}, nil,
			veeam.NewOrganization(""), veeam.ErrNoVersion, "veeam: requesting a device code: finding the API version: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Target = tc.target
			e := setup(t, tc.opts, cfg)
			if tc.script != nil {
				tc.script(e.srv)
			}
			_, err := e.client.Start(context.Background())
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.want, tc.text)
			}
			if strings.Contains(err.Error(), password) || strings.Contains(err.Error(), "wrong") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

// Expiry: whether check answers false or an error after the code's
// lifetime (UNVERIFIED), Wait ends in ErrExpiredToken; KeepCheckErrors
// keeps the error instead.
func TestExpiry(t *testing.T) {
	tests := []struct {
		name     string
		errorOn  bool
		keep     bool
		want     error
		wantText string
	}{
		{"check answers false", false, false, devicecode.ErrExpiredToken, "veeam: waiting for approval: the code expired"},
		{"check answers an error", true, false, devicecode.ErrExpiredToken, "The device code has expired."},
		{"check answers an error, KeepCheckErrors", true, true, nil, "veeam: waiting for approval: the server refused the request (HTTP 400 Bad Request): The device code has expired."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{ExpiredCheckError: tc.errorOn, CodeLifetime: 30 * time.Second},
				veeam.Config{APIVersion: veeam.V8, KeepCheckErrors: tc.keep})
			ctx := context.Background()
			f, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Wait(ctx)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) || !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("err = %v, want %v with %q", err, tc.want, tc.wantText)
			}
			if tc.keep && errors.Is(err, devicecode.ErrExpiredToken) {
				t.Errorf("KeepCheckErrors still reports expiry: %v", err)
			}
		})
	}
}

// Before the sign-in, check answers false (default) or, on a server that
// answers 400 while pending, PendingCheckErrors keeps polling.
func TestPendingCheck(t *testing.T) {
	tests := []struct {
		name          string
		serverErrors  bool
		pendingErrors bool
		wantErr       bool
	}{
		{"false while pending", false, false, false},
		{"400 while pending ends the flow by default", true, false, true},
		{"400 while pending, PendingCheckErrors", true, true, false},
		{"false while pending, PendingCheckErrors", false, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{PendingCheckError: tc.serverErrors},
				veeam.Config{APIVersion: veeam.V8, PendingCheckErrors: tc.pendingErrors})
			e.srv.ApproveAfterChecks(3)
			ctx := context.Background()
			f, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out, err := f.Wait(ctx)
			if (err != nil) != tc.wantErr || (err == nil && out.UserCode != f.State().DeviceCode.UserCode) {
				t.Fatalf("Wait = %v, %v; want error %v", out, err, tc.wantErr)
			}
		})
	}
}

func TestDenied(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{}, veeam.Config{APIVersion: veeam.V8})
	ctx := context.Background()
	f, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Deny(f.Prompt().UserCode); err != nil {
		t.Fatal(err)
	}
	_, err = f.Wait(ctx)
	var ve *veeam.Error
	if !errors.As(err, &ve) || ve.StatusCode != http.StatusBadRequest || !strings.Contains(err.Error(), "declined") {
		t.Fatalf("err = %v", err)
	}
}

// A token that lapses during a long wait is refreshed before it expires,
// and a token the server forgot (401) means one new password sign-in.
func TestTokenRefreshAndRelogin(t *testing.T) {
	t.Run("refresh mid-flow", func(t *testing.T) {
		e := setup(t, devicetest.VeeamOptions{TokenLifetime: 2 * time.Minute}, veeam.Config{APIVersion: veeam.V8})
		e.srv.ApproveAfterChecks(60) // 5 minutes of polling
		ctx := context.Background()
		f, err := e.client.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		g := e.grants()
		if len(g) < 3 || g[0] != "password" || g[1] != "refresh_token" || strings.Count(strings.Join(g, ","), "password") != 1 {
			t.Errorf("grants %v, want one password sign-in then refreshes", g)
		}
		for _, r := range e.srv.Requests() {
			if r.Status == 401 {
				t.Errorf("a call went out with an expired token: %+v", r)
			}
		}
	})
	t.Run("re-login on 401", func(t *testing.T) {
		e := setup(t, devicetest.VeeamOptions{}, veeam.Config{APIVersion: veeam.V8})
		e.srv.ApproveAfterChecks(3)
		ctx := context.Background()
		f, err := e.client.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e.srv.RevokeTokens(true)
		if _, err := f.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if g := e.grants(); strings.Join(g, ",") != "password,password" {
			t.Errorf("grants %v, want a second password sign-in", g)
		}
	})
	t.Run("refresh refused falls back to the password", func(t *testing.T) {
		e := setup(t, devicetest.VeeamOptions{TokenLifetime: 90 * time.Second}, veeam.Config{APIVersion: veeam.V8})
		e.srv.ApproveAfterChecks(20)
		ctx := context.Background()
		f, err := e.client.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Only the refresh tokens: the access token stays valid, so no
		// 401 can lead to the password by the re-login path instead.
		e.srv.RevokeRefreshTokens()
		if _, err := f.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if g := strings.Join(e.grants(), ","); !strings.HasPrefix(g, "password,refresh_token,password") {
			t.Errorf("grants %s, want the refused refresh followed by a password sign-in", g)
		}
		for _, r := range e.srv.Requests() {
			if r.Status == http.StatusUnauthorized && r.Grant == "" {
				t.Errorf("%s %s answered 401: the fallback should come before any call fails", r.Method, r.Path)
			}
		}
	})
}

// 503s with Retry-After are retried on the engine's schedule.
func TestTransient(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{Script: []devicetest.Answer{devicetest.Unavailable, devicetest.Unavailable},
		RetryAfter: 20 * time.Second}, veeam.Config{APIVersion: veeam.V8})
	e.srv.ApproveAfterChecks(0)
	ctx := context.Background()
	f, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := e.clock.Now()
	if _, err := f.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if waited := e.clock.Now().Sub(start); waited < 45*time.Second {
		t.Errorf("waited %v, want at least 5s + 2×20s Retry-After", waited)
	}
	var checks int
	for _, r := range e.srv.Requests() {
		if strings.HasSuffix(r.Path, "/check") {
			checks++
		}
	}
	if checks != 3 {
		t.Errorf("%d checks, want 3", checks)
	}
}

func TestAntiforgery(t *testing.T) {
	tests := []struct {
		version string
		policy  veeam.Antiforgery
		want    string
	}{
		{"v6", veeam.AntiforgeryAuto, ""},
		{"v7", veeam.AntiforgeryAuto, "true"},
		{"v8", veeam.AntiforgeryAuto, "true"},
		{"v8", veeam.AntiforgeryOmit, ""},
		{"v6", veeam.AntiforgeryDisable, "true"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%d", tc.version, tc.policy), func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{Version: tc.version}, veeam.Config{Antiforgery: tc.policy})
			if _, err := e.client.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, r := range e.srv.Requests() {
				if r.Grant != "" && r.Antiforgery != tc.want {
					t.Errorf("disable_antiforgery_token = %q, want %q", r.Antiforgery, tc.want)
				}
			}
		})
	}
}

// .issued/.expires never fail a sign-in, in either form.
func TestTokenDates(t *testing.T) {
	for _, rfc3339 := range []bool{false, true} {
		e := setup(t, devicetest.VeeamOptions{RFC3339Dates: rfc3339}, veeam.Config{APIVersion: veeam.V8})
		if _, err := e.client.Start(context.Background()); err != nil {
			t.Errorf("RFC3339Dates=%v: %v", rfc3339, err)
		}
	}
}

func TestCreateApplications(t *testing.T) {
	for _, v := range []string{"v6", "v8"} {
		t.Run(v, func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{Version: v}, veeam.Config{Target: veeam.ExistingOrganization(orgID)})
			e.srv.ApproveAfterChecks(1)
			ctx := context.Background()
			f, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out, err := f.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			code := out.UserCode
			apps, err := e.client.CreateApplications(ctx, orgID, "VB365 backup", code, 2)
			if err != nil || len(apps) != 2 || apps[0].ID == "" || apps[0].DisplayName != "VB365 backup" {
				t.Fatalf("CreateApplications = %+v, %v", apps, err)
			}
			// A code is spent once.
			if _, err := e.client.CreateApplications(ctx, orgID, "again", code, 1); err == nil {
				t.Error("a spent user code was accepted again")
			}
		})
	}
}

// A CA file makes the self-signed certificate trusted; without it the
// connection fails (there is no silent skip-verify); a pin works too.
func TestSelfSignedTLS(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	srv := devicetest.NewVeeam(devicetest.VeeamOptions{TLS: true, Clock: clk, Password: password})
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "vb365.pem")
	if err := os.WriteFile(caFile, srv.CertificatePEM, 0o600); err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	base := veeam.Config{BaseURL: srv.URL, Username: "admin", Password: password, Target: veeam.NewOrganization("")}
	run := func(edit func(*veeam.Config)) error {
		cfg := base
		edit(&cfg)
		c, err := veeam.New(cfg, devicecode.WithClock(clk))
		if err != nil {
			return err
		}
		_, err = c.Start(context.Background())
		return err
	}
	if err := run(func(c *veeam.Config) { c.CAPEM = pem }); err != nil {
		t.Errorf("with the CA file: %v", err)
	}
	if err := run(func(*veeam.Config) {}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("without the CA file: %v, want a certificate error", err)
	}
	fp := fmt.Sprintf("%X", sha256Sum(srv.Certificate.Raw))
	if err := run(func(c *veeam.Config) { c.Pins = []string{fp} }); err != nil {
		t.Errorf("pinned: %v", err)
	}
	if err := run(func(c *veeam.Config) { c.Pins = []string{strings.Repeat("00", 32)} }); err == nil {
		t.Error("a wrong pin was accepted")
	}
	var ce *veeam.ConfigError
	if err := run(func(c *veeam.Config) { c.CAPEM = []byte("not pem") }); !errors.As(err, &ce) || ce.Field != "CAPEM/Pins" {
		t.Errorf("a CA file without certificates: %v, want a *ConfigError for CAPEM/Pins", err)
	}
}

// v8's loginGraphAppOrganizationId and the region reach the wire.
func TestNewOrganizationBody(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{}, veeam.Config{APIVersion: veeam.V8,
		Target: veeam.NewOrganization(veeam.RegionChina).WithGraphAppOrganization(orgID)})
	if _, err := e.client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests()
	body := reqs[len(reqs)-1].Body
	if !strings.Contains(body, `"loginGraphAppOrganizationId":"`+orgID+`"`) || !strings.Contains(body, `"targetRegion":"China"`) {
		t.Errorf("body %s", body)
	}
	// One that is not a UUID is refused by New, before anything is sent.
	_, err := veeam.New(veeam.Config{BaseURL: e.srv.URL, Username: "admin", Password: password,
		Target: veeam.NewOrganization("").WithGraphAppOrganization("x")})
	var ce *veeam.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Target" || !strings.Contains(err.Error(), `graph application organization ID "x" is not a UUID`) {
		t.Errorf("graph organization not a UUID: %v, want a ConfigError for Target", err)
	}
	if n := len(e.srv.Requests()); n != len(reqs) {
		t.Errorf("%d requests sent for a refused target", n-len(reqs))
	}
}

// Concurrent calls share one sign-in.
func TestConcurrentCallsShareOneLogin(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{}, veeam.Config{APIVersion: veeam.V8})
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := e.client.Start(context.Background())
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if g := e.grants(); len(g) != 1 {
		t.Errorf("grants %v, want one", g)
	}
}

// Verification URIs outside Microsoft's hosts are refused unless allowed.
func TestVerificationHosts(t *testing.T) {
	o := devicetest.VeeamOptions{VerificationURL: "https://evil.example/devicelogin"}
	e := setup(t, o, veeam.Config{APIVersion: veeam.V8})
	var he *normalize.HostError
	if _, err := e.client.Start(context.Background()); !errors.As(err, &he) {
		t.Errorf("err = %v, want a *normalize.HostError", err)
	}
	e = setup(t, o, veeam.Config{APIVersion: veeam.V8}, devicecode.WithVerificationHosts("evil.example"))
	if _, err := e.client.Start(context.Background()); err != nil {
		t.Errorf("allowed host: %v", err)
	}
}
