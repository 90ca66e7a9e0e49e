package gitlab_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestStart(t *testing.T) {
	e := setup(t, gitlab.Config{})
	dc, err := e.client.Start(vendortest.Context(t), "read_user", "api")
	if err != nil {
		t.Fatal(err)
	}
	if dc.Vendor != normalize.GitLab || dc.DeviceCode != testDeviceCode || dc.UserCode != testUserCode ||
		dc.Interval != 5*time.Second || !dc.ExpiresAt.Equal(t0.Add(5*time.Minute)) ||
		!strings.HasSuffix(dc.VerificationURIComplete, "/gitlab/oauth/device?user_code="+testUserCode) {
		t.Errorf("device code = %+v", dc)
	}
	form := e.Forms()[0]
	if form.Get("scope") != "read_user api" || form.Get("client_id") != testClientID || form.Has("client_secret") {
		t.Errorf("device request form = %v", form)
	}
}

// The issue time is when the request was sent: a slow server must not
// stretch the code's local lifetime.
func TestStartSubtractsLatency(t *testing.T) {
	e := setup(t, gitlab.Config{})
	e.SetDevice(func(http.ResponseWriter, *http.Request) bool {
		e.Clock.Advance(3 * time.Second)
		return false
	})
	dc, err := e.client.Start(vendortest.Context(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(5 * time.Minute); !dc.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %s, want %s (issued when sent)", dc.ExpiresAt, want)
	}
}

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name   string
		device func(w http.ResponseWriter, r *http.Request) bool
		want   error
		check  func(t *testing.T, err error)
	}{
		{
			name: "404 from GitLab before 17.3",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, "<html><body>The page could not be found</body></html>")
				return true
			},
			want: deviceflow.ErrDeviceFlowUnsupported,
			check: func(t *testing.T, err error) {
				if !strings.Contains(err.Error(), "17.3") {
					t.Errorf("error %q has no hint about GitLab 17.3", err)
				}
			},
		},
		{
			name: "JSON 404 from Rails",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				vendortest.WriteJSON(w, http.StatusNotFound, map[string]any{"status": 404, "error": "Not Found"})
				return true
			},
			want: deviceflow.ErrDeviceFlowUnsupported,
			check: func(t *testing.T, err error) {
				if !strings.Contains(err.Error(), "17.3") {
					t.Errorf("error %q has no hint about GitLab 17.3", err)
				}
			},
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
			name: "unauthorized_client",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				writeError(w, http.StatusBadRequest, "unauthorized_client", "The client is not authorized to use this grant")
				return true
			},
			want: deviceflow.ErrDeviceFlowUnsupported,
		},
		{
			name: "error body with 200",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				writeError(w, http.StatusOK, "invalid_scope", "The requested scope is invalid")
				return true
			},
			check: func(t *testing.T, err error) {
				var oe *deviceflow.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_scope" || oe.StatusCode != http.StatusOK {
					t.Errorf("err = %v, want *OAuthError invalid_scope with HTTP 200", err)
				}
			},
		},
		{
			name: "invalid_client",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				writeError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
				return true
			},
			check: func(t *testing.T, err error) {
				var oe *deviceflow.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_client" {
					t.Errorf("err = %v, want invalid_client", err)
				}
			},
		},
		{
			name: "body that violates the schema",
			device: func(w http.ResponseWriter, r *http.Request) bool {
				vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": "x", "verification_uri": "javascript:alert(1)", "expires_in": "300"})
				return true
			},
			check: func(t *testing.T, err error) {
				var ne *normalize.Error
				if !errors.As(err, &ne) || len(ne.Problems) < 2 {
					t.Errorf("err = %v, want a *normalize.Error listing every problem", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, gitlab.Config{})
			e.SetDevice(tt.device)
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
	pending := func(int, time.Time) (int, string) {
		return errorBody("authorization_pending", "The authorization request is still pending")
	}
	tests := []struct {
		name   string
		decide func(f *vendortest.Server) func(int, time.Time) (int, string)
		want   error // nil: a token
		polls  int   // token requests expected; 0: don't check
		gaps   []time.Duration
	}{
		{name: "approve", decide: func(f *vendortest.Server) func(int, time.Time) (int, string) { return f.ApproveAfter(12 * time.Second) },
			polls: 3, gaps: []time.Duration{5 * time.Second, 5 * time.Second, 5 * time.Second}},
		{name: "slow_down", decide: func(f *vendortest.Server) func(int, time.Time) (int, string) {
			approve := f.ApproveAfter(0)
			return func(n int, now time.Time) (int, string) {
				if n == 1 {
					return errorBody("slow_down", "Polling too fast")
				}
				return approve(n, now)
			}
		}, polls: 2, gaps: []time.Duration{5 * time.Second, 10 * time.Second}},
		{name: "denied", decide: func(*vendortest.Server) func(int, time.Time) (int, string) {
			return func(int, time.Time) (int, string) {
				return errorBody("access_denied", "The resource owner denied the request")
			}
		}, want: deviceflow.ErrAccessDenied, polls: 1},
		{name: "denied with 200", decide: func(*vendortest.Server) func(int, time.Time) (int, string) {
			return func(int, time.Time) (int, string) {
				_, b := errorBody("access_denied", "denied")
				return http.StatusOK, b
			}
		}, want: deviceflow.ErrAccessDenied, polls: 1},
		{name: "expired by the server", decide: func(f *vendortest.Server) func(int, time.Time) (int, string) {
			return func(_ int, now time.Time) (int, string) {
				if now.Before(f.IssuedAt().Add(30 * time.Second)) {
					return pending(0, now)
				}
				return errorBody("expired_token", "The device code has expired")
			}
		}, want: deviceflow.ErrExpiredToken, polls: 6},
		{name: "expired locally", decide: func(*vendortest.Server) func(int, time.Time) (int, string) { return pending },
			want: deviceflow.ErrExpiredToken, polls: 60},
		{name: "invalid_grant", decide: func(*vendortest.Server) func(int, time.Time) (int, string) {
			return func(int, time.Time) (int, string) {
				return errorBody("invalid_grant", "The provided authorization grant is invalid")
			}
		}, want: deviceflow.ErrInvalidDeviceCode, polls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, gitlab.Config{})
			e.SetDecide(tt.decide(e.Server))
			ctx := vendortest.Context(t)
			dc, err := e.client.Start(ctx, "read_user")
			if err != nil {
				t.Fatal(err)
			}
			tok, err := e.client.Wait(ctx, dc)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Wait: %v", err)
			case tt.want == nil:
				checkToken(t, tok, e.Clock.Now())
			case !errors.Is(err, tt.want):
				t.Fatalf("Wait = %v, %v; want %v", tok, err, tt.want)
			}
			polls := e.PollTimes()
			if tt.polls != 0 && len(polls) != tt.polls {
				t.Errorf("%d token requests, want %d", len(polls), tt.polls)
			}
			for i, want := range tt.gaps {
				prev := t0
				if i > 0 {
					prev = polls[i-1]
				}
				if i < len(polls) && polls[i].Sub(prev) != want {
					t.Errorf("poll %d came %s after the previous, want %s", i+1, polls[i].Sub(prev), want)
				}
			}
		})
	}
}

func checkToken(t *testing.T, tok *oauth2.Token, received time.Time) {
	t.Helper()
	if tok.AccessToken != "glpat-ACCESS" || tok.TokenType != "Bearer" || tok.RefreshToken != "glrt-REFRESH" {
		t.Errorf("token = %+v", tok)
	}
	// Expiry counts from local receipt, not GitLab's created_at.
	if want := received.Add(2 * time.Hour); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %s, want %s", tok.Expiry, want)
	}
	if tok.Extra("scope") != "read_user" || tok.Extra("created_at") == nil {
		t.Errorf("token extras: scope=%v created_at=%v", tok.Extra("scope"), tok.Extra("created_at"))
	}
}

func TestAuthStyles(t *testing.T) {
	vendortest.AuthStyles(t, testClientID, testSecret, func(t *testing.T, style deviceflow.AuthStyle, secret string) *vendortest.Server {
		e := setup(t, gitlab.Config{ClientSecret: secret, AuthStyle: style})
		e.SetDecide(e.ApproveAfter(0))
		ctx := vendortest.Context(t)
		dc, err := e.client.Start(ctx)
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
	e := setup(t, gitlab.Config{})
	e.SetDecide(e.ApproveAfter(0))
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.client.Wait(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	ts := e.client.TokenSource(ctx, tok)
	if got, err := ts.Token(); err != nil || got.AccessToken != "glpat-ACCESS" {
		t.Fatalf("fresh token: %v, %v", got, err)
	}
	before := len(e.PollTimes())
	e.SetDecide(func(int, time.Time) (int, string) {
		return http.StatusOK, `{"access_token":"glpat-RENEWED","token_type":"Bearer","expires_in":7200,"created_at":1}`
	})
	e.Clock.Advance(2 * time.Hour)
	got, err := ts.Token()
	if err != nil || got.AccessToken != "glpat-RENEWED" || got.RefreshToken != "glrt-REFRESH" {
		t.Fatalf("refreshed token: %+v, %v", got, err)
	}
	last := e.Forms()[len(e.Forms())-1]
	if len(e.PollTimes()) != before+1 || last.Get("grant_type") != "refresh_token" || last.Get("refresh_token") != "glrt-REFRESH" {
		t.Errorf("refresh request form: %v", last)
	}
}

func TestTokenSourceWithoutRefreshToken(t *testing.T) {
	e := setup(t, gitlab.Config{})
	e.SetDecide(func(int, time.Time) (int, string) {
		return http.StatusOK, `{"access_token":"glpat-ACCESS","token_type":"Bearer","expires_in":7200,"created_at":1}`
	})
	ctx := vendortest.Context(t)
	dc, _ := e.client.Start(ctx)
	tok, err := e.client.Wait(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	ts := e.client.TokenSource(ctx, tok)
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(2 * time.Hour)
	if _, err := ts.Token(); !errors.Is(err, gitlab.ErrTokenExpired) {
		t.Errorf("after expiry: %v, want ErrTokenExpired", err)
	}
}

func TestWaitRejectsForeignCode(t *testing.T) {
	e := setup(t, gitlab.Config{})
	if _, err := e.client.Wait(vendortest.Context(t), &normalize.DeviceCode{Vendor: normalize.Microsoft, DeviceCode: "x"}); err == nil {
		t.Error("Wait accepted a Microsoft device code")
	}
}

// A token endpoint that redirects is misconfigured; following it could
// carry the device code elsewhere. The 3xx ends the flow as a typed error.
func TestWaitRedirectNotFollowed(t *testing.T) {
	e := setup(t, gitlab.Config{})
	e.SetDecide(func(int, time.Time) (int, string) { return http.StatusTemporaryRedirect, `` })
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Wait(ctx, dc)
	var he *deviceflow.HTTPError
	if !errors.As(err, &he) || he.StatusCode != http.StatusTemporaryRedirect || deviceflow.IsTransient(err) || len(e.PollTimes()) != 1 {
		t.Fatalf("err = %v after %d polls; want a terminal *HTTPError 307 after one", err, len(e.PollTimes()))
	}
}
