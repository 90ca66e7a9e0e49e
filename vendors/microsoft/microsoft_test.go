package microsoft_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestStart(t *testing.T) {
	e := setup(t, microsoft.Config{})
	dc, err := e.client.Start(vendortest.Context(t), "User.Read", "offline_access", "openid")
	if err != nil {
		t.Fatal(err)
	}
	if dc.Vendor != normalize.Microsoft || dc.DeviceCode != testDeviceCode || dc.UserCode != testUserCode ||
		dc.VerificationURI != verificationURI || dc.Interval != 5*time.Second ||
		!dc.ExpiresAt.Equal(t0.Add(15*time.Minute)) || !strings.Contains(dc.Message, testUserCode) {
		t.Errorf("device code = %+v", dc)
	}
	if form := e.Forms()[0]; form.Get("scope") != "User.Read offline_access openid" || form.Get("client_id") != testClientID {
		t.Errorf("device request form = %v", form)
	}
}

func TestStartNeedsScope(t *testing.T) {
	e := setup(t, microsoft.Config{})
	if _, err := e.client.Start(vendortest.Context(t)); err == nil {
		t.Fatal("Start without scopes succeeded")
	}
	if len(e.Forms()) != 0 {
		t.Error("a request was sent")
	}
}

func TestStartSubtractsLatency(t *testing.T) {
	e := setup(t, microsoft.Config{})
	e.SetDevice(func(http.ResponseWriter, *http.Request) bool {
		e.Clock.Advance(2 * time.Second)
		return false
	})
	dc, err := e.client.Start(vendortest.Context(t), "User.Read")
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(15 * time.Minute); !dc.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %s, want %s", dc.ExpiresAt, want)
	}
}

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name   string
		tenant string
		device func(w http.ResponseWriter, r *http.Request) bool
		want   error
		check  func(t *testing.T, err error)
	}{
		{
			name: "404 from a wrong host",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				http.NotFound(w, r)
				return true
			},
			want: deviceflow.ErrDeviceFlowUnsupported,
		},
		{
			name: "oversize body is capped",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				vendortest.WriteRaw(w, http.StatusOK, `{"device_code":"`+strings.Repeat("x", 2<<20)+`"}`)
				return true
			},
			want: deviceflow.ErrResponseTooLarge,
		},
		{
			name:   "unknown tenant",
			tenant: "fabrikam.example",
			check: func(t *testing.T, err error) {
				var oe *deviceflow.OAuthError
				var entra *microsoft.Error
				if !errors.As(err, &oe) || oe.Code != "invalid_request" || !errors.As(err, &entra) ||
					!slices.Equal(entra.ErrorCodes, []int{90002}) || entra.TraceID == "" || entra.CorrelationID == "" {
					t.Errorf("err = %#v", err)
				}
			},
		},
		{
			name: "error body with 200",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				_, body := entraError("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid.")
				vendortest.WriteRaw(w, http.StatusOK, body)
				return true
			},
			check: func(t *testing.T, err error) {
				var oe *deviceflow.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_scope" || oe.StatusCode != http.StatusOK {
					t.Errorf("err = %v, want invalid_scope with HTTP 200", err)
				}
			},
		},
		{
			name: "v1 shape with a javascript URI",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": "x", "user_code": "ABC",
					"verification_url": "javascript:alert(1)", "expires_in": "900"})
				return true
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
			e := setup(t, microsoft.Config{Tenant: tt.tenant})
			e.SetDevice(tt.device)
			dc, err := e.client.Start(vendortest.Context(t), "User.Read")
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

type decider = func(int, time.Time) (int, string)

func always(code string, aadsts int, desc string) func(*vendortest.Server) decider {
	return func(*vendortest.Server) decider {
		return func(int, time.Time) (int, string) { return entraError(code, aadsts, desc) }
	}
}

func TestWait(t *testing.T) {
	tests := []struct {
		name   string
		decide func(f *vendortest.Server) decider
		want   error
		codes  []int // AADSTS codes expected on the *OAuthError
		polls  int
		hint   string
	}{
		{name: "approve", decide: func(f *vendortest.Server) decider { return f.ApproveAfter(12 * time.Second) }, polls: 3},
		{name: "slow_down", decide: func(f *vendortest.Server) decider {
			return func(n int, now time.Time) (int, string) {
				if n == 1 {
					return entraError("slow_down", 70023, "Polling too frequently.")
				}
				return http.StatusOK, tokenJSON
			}
		}, polls: 2},
		{name: "authorization_declined", decide: always("authorization_declined", 70000, "The end user denied the authorization request."),
			want: deviceflow.ErrAccessDenied, codes: []int{70000}, polls: 1},
		{name: "expired_token", decide: always("expired_token", 70019, "Verification code expired."),
			want: deviceflow.ErrExpiredToken, codes: []int{70019}, polls: 1},
		{name: "bad_verification_code", decide: always("bad_verification_code", 70000, "Provided value for 'device_code' is not valid."),
			want: deviceflow.ErrInvalidDeviceCode, polls: 1},
		{name: "public client flows disabled", decide: always("invalid_client", 7000218,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
			codes: []int{7000218}, polls: 1, hint: "Allow public client flows"},
		{name: "expired locally", decide: always("authorization_pending", 70016, "Authorization is pending."),
			want: deviceflow.ErrExpiredToken, polls: 180},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, microsoft.Config{})
			e.SetDecide(tt.decide(e.Server))
			ctx := vendortest.Context(t)
			dc, err := e.client.Start(ctx, "User.Read", "offline_access", "openid")
			if err != nil {
				t.Fatal(err)
			}
			tok, err := e.client.Wait(ctx, dc)
			switch {
			case tt.want == nil && tt.hint == "" && err != nil:
				t.Fatalf("Wait: %v", err)
			case tt.want == nil && tt.hint == "":
				if tok.AccessToken != "eyJ0eXAi.ACCESS" || tok.RefreshToken != "0.AXEA.REFRESH" ||
					tok.Extra("id_token") != "eyJ0eXAi.ID" || !tok.Expiry.Equal(e.Clock.Now().Add(3599*time.Second)) {
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
			if got := len(e.PollTimes()); got != tt.polls {
				t.Errorf("%d token requests, want %d", got, tt.polls)
			}
		})
	}
}

func TestAuthStyles(t *testing.T) {
	vendortest.AuthStyles(t, testClientID, testSecret, func(t *testing.T, style deviceflow.AuthStyle, secret string) *vendortest.Server {
		e := setup(t, microsoft.Config{ClientSecret: secret, AuthStyle: style})
		e.SetDecide(e.ApproveAfter(0))
		ctx := vendortest.Context(t)
		dc, err := e.client.Start(ctx, "User.Read")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.client.Wait(ctx, dc); err != nil {
			t.Fatal(err)
		}
		return e.Server
	})
}

func TestTokenSource(t *testing.T) {
	e := setup(t, microsoft.Config{})
	e.SetDecide(e.ApproveAfter(0))
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx, "User.Read", "offline_access")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.client.Wait(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	ts := e.client.TokenSource(ctx, tok)
	e.SetDecide(func(int, time.Time) (int, string) {
		return http.StatusOK, `{"token_type":"Bearer","scope":"User.Read","expires_in":3599,"access_token":"RENEWED","refresh_token":"0.AXEA.ROTATED"}`
	})
	e.Clock.Advance(time.Hour)
	got, err := ts.Token()
	if err != nil || got.AccessToken != "RENEWED" || got.RefreshToken != "0.AXEA.ROTATED" {
		t.Fatalf("refreshed: %+v, %v", got, err)
	}
	if last := e.Forms()[len(e.Forms())-1]; last.Get("grant_type") != "refresh_token" || last.Get("refresh_token") != "0.AXEA.REFRESH" {
		t.Errorf("refresh form: %v", last)
	}
}
