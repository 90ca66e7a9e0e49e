package microsoft_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestStart(t *testing.T) {
	e := setup(t, microsoft.Config{Scopes: []string{"User.Read", "offline_access", "openid"}}, devicetest.Options{})
	fl, err := e.client.Start(vendortest.Context(t))
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if dc.Vendor != normalize.Microsoft || dc.DeviceCode == "" || dc.UserCode == "" ||
		dc.VerificationURI != e.s.URL+"/common/oauth2/deviceauth" || dc.Interval != 5*time.Second ||
		!dc.ExpiresAt.Equal(t0.Add(15*time.Minute)) || !strings.Contains(dc.Message, dc.UserCode) {
		t.Errorf("device code = %+v", dc)
	}
	if r := e.s.Requests()[0]; r.Path != "/"+testTenant+"/oauth2/v2.0/devicecode" {
		t.Errorf("device request to %s", r.Path)
	}
	if form := e.s.Requests()[0].Form; form.Get("scope") != "User.Read offline_access openid" || form.Get("client_id") != testClientID {
		t.Errorf("device request form = %v", form)
	}
}

func TestStartNeedsScope(t *testing.T) {
	e := setup(t, microsoft.Config{Scopes: []string{}}, devicetest.Options{})
	var ce *microsoft.ConfigError
	if _, err := e.client.Start(vendortest.Context(t)); !errors.As(err, &ce) || ce.Field != "Scopes" {
		t.Fatalf("Start without scopes = %v, want a *ConfigError for Scopes", err)
	}
	if len(e.s.Requests()) != 0 {
		t.Error("a request was sent")
	}
}

func TestStartSubtractsLatency(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	e := setup(t, microsoft.Config{}, devicetest.Options{Clock: clk, Intercept: func(http.ResponseWriter, *http.Request) bool {
		clk.Advance(2 * time.Second)
		return false
	}})
	fl, err := e.client.Start(vendortest.Context(t))
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if want := t0.Add(15 * time.Minute); !dc.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %s, want %s", dc.ExpiresAt, want)
	}
}

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name   string
		tenant string
		device http.HandlerFunc
		want   error
		check  func(t *testing.T, err error)
	}{
		{
			name: "404 from a wrong host",
			device: func(w http.ResponseWriter, r *http.Request) {
				http.NotFound(w, r)
			},
			want: devicecode.ErrDeviceFlowUnsupported,
		},
		{
			name: "oversize body is capped",
			device: func(w http.ResponseWriter, r *http.Request) {
				vendortest.WriteRaw(w, http.StatusOK, `{"device_code":"`+strings.Repeat("x", 2<<20)+`"}`)
			},
			want: devicecode.ErrResponseTooLarge,
		},
		{
			name:   "unknown tenant",
			tenant: "fabrikam.example",
			check: func(t *testing.T, err error) {
				var oe *devicecode.OAuthError
				var entra *microsoft.Error
				if !errors.As(err, &oe) || oe.Code != "invalid_request" || !errors.As(err, &entra) ||
					!slices.Equal(entra.ErrorCodes, []int{90002}) || entra.TraceID == "" || entra.CorrelationID == "" {
					t.Errorf("err = %#v", err)
				}
			},
		},
		{
			name: "error body with 200",
			device: func(w http.ResponseWriter, r *http.Request) {
				vendortest.WriteRaw(w, http.StatusOK, entraError("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid."))
			},
			check: func(t *testing.T, err error) {
				var oe *devicecode.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_scope" || oe.StatusCode != http.StatusOK {
					t.Errorf("err = %v, want invalid_scope with HTTP 200", err)
				}
			},
		},
		{
			name: "v1 shape with a javascript URI",
			device: func(w http.ResponseWriter, r *http.Request) {
				vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": "x", "user_code": "ABC",
					"verification_url": "javascript:alert(1)", "expires_in": "900"})
			},
			check: func(t *testing.T, err error) {
				var ne *normalize.Error
				if !errors.As(err, &ne) {
					t.Errorf("err = %v, want *normalize.Error", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o devicetest.Options
			if tt.device != nil {
				o.Intercept = onDevice(tt.device)
			}
			e := setup(t, microsoft.Config{Tenant: tt.tenant}, o)
			dc, err := e.client.Start(vendortest.Context(t))
			if err == nil {
				t.Fatalf("Start = %+v, want an error", dc)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
			t.Logf("error: %v", err)
		})
	}
}

func TestWait(t *testing.T) {
	tests := []struct {
		name  string
		opts  devicetest.Options
		want  error
		codes []int // AADSTS codes expected on the *OAuthError
		polls int
		hint  string
	}{
		{name: "approve", opts: devicetest.Options{Person: devicetest.ApproveAfter(12 * time.Second)}, polls: 3},
		{name: "slow_down", opts: devicetest.Options{Person: devicetest.ApproveAfter(0), Intercept: onPoll(func(w http.ResponseWriter, n int) bool {
			if n > 1 {
				return false
			}
			writeError(w, "slow_down", 70023, "Polling too frequently.")
			return true
		})}, polls: 2},
		{name: "authorization_declined", opts: devicetest.Options{Person: devicetest.DenyAfter(0)},
			want: devicecode.ErrAccessDenied, codes: []int{70000}, polls: 1},
		{name: "expired_token", opts: devicetest.Options{Lifetime: 5 * time.Second},
			want: devicecode.ErrExpiredToken, codes: []int{70020}, polls: 1},
		{name: "bad_verification_code", opts: devicetest.Options{Intercept: always("bad_verification_code", 70000, "Provided value for 'device_code' is not valid.")},
			want: devicecode.ErrInvalidDeviceCode, polls: 1},
		{name: "public client flows disabled", opts: devicetest.Options{Intercept: always("invalid_client", 7000218,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")},
			codes: []int{7000218}, polls: 1, hint: "Allow public client flows"},
		{name: "expired locally", opts: devicetest.Options{Intercept: always("authorization_pending", 70016, "Authorization is pending.")},
			want: devicecode.ErrExpiredToken, polls: 180},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, microsoft.Config{Scopes: []string{"User.Read", "offline_access", "openid"}}, tt.opts)
			ctx := vendortest.Context(t)
			fl, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := waitToken(ctx, fl)
			switch {
			case tt.want == nil && tt.hint == "" && err != nil:
				t.Fatalf("Wait: %v", err)
			case tt.want == nil && tt.hint == "":
				if !strings.HasPrefix(tok.AccessToken, "eyJ0eXAi.") || tok.RefreshToken == "" || tok.Extra("id_token") == nil ||
					!tok.Expiry.Equal(e.clock.Now().Add(3599*time.Second)) {
					t.Errorf("token = %+v, id_token %v", tok, tok.Extra("id_token"))
				}
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("Wait = %v; want %v", err, tt.want)
			}
			var entra *microsoft.Error
			if tt.codes != nil && (!errors.As(err, &entra) || !slices.Equal(entra.ErrorCodes, tt.codes) || entra.TraceID == "") {
				t.Errorf("err = %v; want *microsoft.Error with error_codes %v and a trace id", err, tt.codes)
			}
			if tt.hint != "" && (err == nil || !strings.Contains(err.Error(), tt.hint)) {
				t.Errorf("err = %v; want hint %q", err, tt.hint)
			}
			if got := len(vendortest.Polls(e.s)); got != tt.polls {
				t.Errorf("%d token requests, want %d", got, tt.polls)
			}
		})
	}
}

func TestAuthStyles(t *testing.T) {
	vendortest.AuthStyles(t, testClientID, testSecret, func(t *testing.T, style devicecode.AuthStyle, secret string) *devicetest.Server {
		e := setup(t, microsoft.Config{ClientSecret: devicecode.Secret(secret), AuthStyle: style},
			devicetest.Options{ClientSecret: secret, Person: devicetest.ApproveAfter(0)})
		ctx := vendortest.Context(t)
		fl, err := e.client.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fl.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		return e.s
	})
}

// Entra rotates refresh tokens: the source sends the one it holds and
// keeps the new one.
func TestTokenSource(t *testing.T) {
	e := setup(t, microsoft.Config{Scopes: []string{"User.Read", "offline_access"}}, devicetest.Options{Person: devicetest.ApproveAfter(0)})
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := waitToken(ctx, fl)
	if err != nil {
		t.Fatal(err)
	}
	ts := e.client.TokenSource(ctx, tok)
	e.clock.Advance(time.Hour)
	got, err := ts.Token()
	if err != nil || got.AccessToken == tok.AccessToken || got.RefreshToken == "" || got.RefreshToken == tok.RefreshToken {
		t.Fatalf("refreshed: %+v, %v", got, err)
	}
	reqs := e.s.Requests()
	if last := reqs[len(reqs)-1]; last.Form.Get("grant_type") != "refresh_token" || last.Form.Get("refresh_token") != tok.RefreshToken ||
		last.Path != "/"+testTenant+"/oauth2/v2.0/token" {
		t.Errorf("refresh request: %+v", last)
	}
}
