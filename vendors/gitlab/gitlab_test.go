package gitlab_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestStart(t *testing.T) {
	e := setup(t, gitlab.Config{Scopes: []string{"read_user", "api"}}, devicetest.Options{})
	fl, err := e.client.Start(vendortest.Context(t))
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if dc.Vendor != normalize.GitLab || dc.DeviceCode == "" || dc.UserCode == "" ||
		dc.Interval != 5*time.Second || !dc.ExpiresAt.Equal(t0.Add(5*time.Minute)) ||
		dc.VerificationURIComplete != e.s.URL+"/oauth/device?user_code="+dc.UserCode || !strings.HasSuffix(e.s.URL, basePath) {
		t.Errorf("device code = %+v", dc)
	}
	form := e.s.Requests()[0].Form
	if form.Get("scope") != "read_user api" || form.Get("client_id") != testClientID || form.Has("client_secret") {
		t.Errorf("device request form = %v", form)
	}
}

// The issue time is when the request was sent: a slow server must not
// stretch the code's local lifetime.
func TestStartSubtractsLatency(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	e := setup(t, gitlab.Config{}, devicetest.Options{Clock: clk, Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		clk.Advance(3 * time.Second)
		return false
	}})
	fl, err := e.client.Start(vendortest.Context(t))
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if want := t0.Add(5 * time.Minute); !dc.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %s, want %s (issued when sent)", dc.ExpiresAt, want)
	}
}

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name   string
		device http.HandlerFunc
		want   error
		check  func(t *testing.T, err error)
	}{
		{
			name: "404 from GitLab before 17.3",
			device: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, "<html><body>The page could not be found</body></html>")
			},
			want: devicecode.ErrDeviceFlowUnsupported,
			check: func(t *testing.T, err error) {
				if !strings.Contains(err.Error(), "17.3") {
					t.Errorf("error %q has no hint about GitLab 17.3", err)
				}
			},
		},
		{
			name: "JSON 404 from Rails",
			device: func(w http.ResponseWriter, r *http.Request) {
				vendortest.WriteJSON(w, http.StatusNotFound, map[string]any{"status": 404, "error": "Not Found"})
			},
			want: devicecode.ErrDeviceFlowUnsupported,
			check: func(t *testing.T, err error) {
				if !strings.Contains(err.Error(), "17.3") {
					t.Errorf("error %q has no hint about GitLab 17.3", err)
				}
			},
		},
		{
			name: "oversize body is capped",
			device: func(w http.ResponseWriter, r *http.Request) {
				vendortest.WriteRaw(w, http.StatusOK, `{"device_code":"`+strings.Repeat("x", 2<<20)+`"}`)
			},
			want: devicecode.ErrResponseTooLarge,
		},
		{
			name: "unauthorized_client",
			device: func(w http.ResponseWriter, r *http.Request) {
				writeError(w, http.StatusBadRequest, "unauthorized_client", "The client is not authorized to use this grant")
			},
			want: devicecode.ErrDeviceFlowUnsupported,
		},
		{
			name: "error body with 200",
			device: func(w http.ResponseWriter, r *http.Request) {
				writeError(w, http.StatusOK, "invalid_scope", "The requested scope is invalid")
			},
			check: func(t *testing.T, err error) {
				var oe *devicecode.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_scope" || oe.StatusCode != http.StatusOK {
					t.Errorf("err = %v, want *OAuthError invalid_scope with HTTP 200", err)
				}
			},
		},
		{
			name: "invalid_client",
			device: func(w http.ResponseWriter, r *http.Request) {
				writeError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
			},
			check: func(t *testing.T, err error) {
				var oe *devicecode.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_client" {
					t.Errorf("err = %v, want invalid_client", err)
				}
			},
		},
		{
			name: "body that violates the schema",
			device: func(w http.ResponseWriter, r *http.Request) {
				vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": "x", "verification_uri": "javascript:alert(1)", "expires_in": "300"})
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
			e := setup(t, gitlab.Config{}, devicetest.Options{Intercept: onDevice(tt.device)})
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
	answer := func(status int, code, desc string) func(http.ResponseWriter, int) bool {
		return func(w http.ResponseWriter, _ int) bool {
			writeError(w, status, code, desc)
			return true
		}
	}
	tests := []struct {
		name  string
		opts  devicetest.Options
		want  error // nil: a token
		polls int   // token requests expected; 0: don't check
		gaps  []time.Duration
	}{
		{name: "approve", opts: devicetest.Options{Person: devicetest.ApproveAfter(12 * time.Second)},
			polls: 3, gaps: []time.Duration{5 * time.Second, 5 * time.Second, 5 * time.Second}},
		{name: "slow_down", opts: devicetest.Options{Person: devicetest.ApproveAfter(0), Script: []devicetest.Answer{devicetest.SlowDown}},
			polls: 2, gaps: []time.Duration{5 * time.Second, 10 * time.Second}},
		{name: "denied", opts: devicetest.Options{Person: devicetest.DenyAfter(0)}, want: devicecode.ErrAccessDenied, polls: 1},
		{name: "denied with 200", opts: devicetest.Options{Intercept: onPoll(answer(http.StatusOK, "access_denied", "denied"))},
			want: devicecode.ErrAccessDenied, polls: 1},
		{name: "expired by the server", opts: devicetest.Options{Intercept: onPoll(func(w http.ResponseWriter, n int) bool {
			if n < 6 {
				return false
			}
			writeError(w, http.StatusBadRequest, "expired_token", "The device code has expired")
			return true
		})}, want: devicecode.ErrExpiredToken, polls: 6},
		{name: "expired locally", opts: devicetest.Options{Intercept: onPoll(answer(http.StatusBadRequest, "authorization_pending", "pending"))},
			want: devicecode.ErrExpiredToken, polls: 60},
		{name: "invalid_grant", opts: devicetest.Options{Intercept: onPoll(answer(http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid"))},
			want: devicecode.ErrInvalidDeviceCode, polls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, gitlab.Config{Scopes: []string{"read_user"}}, tt.opts)
			ctx := vendortest.Context(t)
			fl, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := waitToken(ctx, fl)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Wait: %v", err)
			case tt.want == nil:
				checkToken(t, tok, e.clock.Now())
			case !errors.Is(err, tt.want):
				t.Fatalf("Wait = %v, %v; want %v", tok, err, tt.want)
			}
			polls := vendortest.Polls(e.s)
			if tt.polls != 0 && len(polls) != tt.polls {
				t.Errorf("%d token requests, want %d", len(polls), tt.polls)
			}
			if gaps := vendortest.Gaps(t0, polls); tt.gaps != nil && fmt.Sprint(gaps) != fmt.Sprint(tt.gaps) {
				t.Errorf("waits before the polls %v, want %v", gaps, tt.gaps)
			}
		})
	}
}

func checkToken(t *testing.T, tok *oauth2.Token, received time.Time) {
	t.Helper()
	if !strings.HasPrefix(tok.AccessToken, "glpat-") || tok.TokenType != "Bearer" || !strings.HasPrefix(tok.RefreshToken, "glrt-") {
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
	vendortest.AuthStyles(t, testClientID, testSecret, func(t *testing.T, style devicecode.AuthStyle, secret string) *devicetest.Server {
		e := setup(t, gitlab.Config{ClientSecret: devicecode.Secret(secret), AuthStyle: style},
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

// signIn runs an approved flow and returns its token.
func signIn(t *testing.T, e *env) *oauth2.Token {
	t.Helper()
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := waitToken(ctx, fl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// GitLab rotates refresh tokens: the source sends the one it holds and
// keeps the new one.
func TestTokenSource(t *testing.T) {
	e := setup(t, gitlab.Config{}, devicetest.Options{Person: devicetest.ApproveAfter(0)})
	tok := signIn(t, e)
	ts := e.client.TokenSource(vendortest.Context(t), tok)
	if got, err := ts.Token(); err != nil || got.AccessToken != tok.AccessToken {
		t.Fatalf("fresh token: %v, %v", got, err)
	}
	for range 2 {
		before := len(e.s.Requests())
		e.clock.Advance(2 * time.Hour)
		got, err := ts.Token()
		if err != nil || got.AccessToken == tok.AccessToken || got.RefreshToken == tok.RefreshToken || !strings.HasPrefix(got.RefreshToken, "glrt-") {
			t.Fatalf("refreshed token: %+v, %v", got, err)
		}
		reqs := e.s.Requests()
		if last := reqs[len(reqs)-1]; len(reqs) != before+1 || last.Form.Get("grant_type") != "refresh_token" ||
			last.Form.Get("refresh_token") != tok.RefreshToken || last.Status != http.StatusOK {
			t.Errorf("refresh request: %+v", last)
		}
		tok = got
	}
}

// A refresh answer without a refresh token keeps the one the source holds
// (RFC 6749 §6: the server MAY issue a new one).
func TestTokenSourceKeepsRefreshToken(t *testing.T) {
	e := setup(t, gitlab.Config{}, devicetest.Options{Person: devicetest.ApproveAfter(0), Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		if r.PostForm.Get("grant_type") != "refresh_token" {
			return false
		}
		vendortest.WriteRaw(w, http.StatusOK, `{"access_token":"glpat-RENEWED","token_type":"Bearer","expires_in":7200,"created_at":1}`)
		return true
	}})
	tok := signIn(t, e)
	ts := e.client.TokenSource(vendortest.Context(t), tok)
	e.clock.Advance(2 * time.Hour)
	if got, err := ts.Token(); err != nil || got.AccessToken != "glpat-RENEWED" || got.RefreshToken != tok.RefreshToken {
		t.Fatalf("refreshed token: %+v, %v", got, err)
	}
}

func TestTokenSourceWithoutRefreshToken(t *testing.T) {
	e := setup(t, gitlab.Config{}, devicetest.Options{Intercept: onPoll(func(w http.ResponseWriter, _ int) bool {
		vendortest.WriteRaw(w, http.StatusOK, `{"access_token":"glpat-ACCESS","token_type":"Bearer","expires_in":7200,"created_at":1}`)
		return true
	})})
	ts := e.client.TokenSource(vendortest.Context(t), signIn(t, e))
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(2 * time.Hour)
	if _, err := ts.Token(); !errors.Is(err, gitlab.ErrTokenExpired) {
		t.Errorf("after expiry: %v, want ErrTokenExpired", err)
	}
}

// A token endpoint that redirects is misconfigured; following it could
// carry the device code elsewhere. The 3xx ends the flow as a typed error.
func TestWaitRedirectNotFollowed(t *testing.T) {
	e := setup(t, gitlab.Config{}, devicetest.Options{Intercept: onPoll(func(w http.ResponseWriter, _ int) bool {
		w.Header().Set("Location", "https://evil.example/oauth/token")
		w.WriteHeader(http.StatusTemporaryRedirect)
		return true
	})})
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fl.Wait(ctx)
	var he *devicecode.HTTPError
	if polls := vendortest.Polls(e.s); !errors.As(err, &he) || he.StatusCode != http.StatusTemporaryRedirect || devicecode.IsTransient(err) || len(polls) != 1 {
		t.Fatalf("err = %v after %d polls; want a terminal *HTTPError 307 after one", err, len(polls))
	}
}
