package devicetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// A Person decides on the fake's clock, so a flow whose clock runs itself
// needs no Approve call; the requests record each form and Basic user.
func TestPersonAndRecordedForms(t *testing.T) {
	s, err := gitlabFlow(t, devicetest.Options{Person: devicetest.ApproveAfter(12 * time.Second), BasePath: "/gitlab"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(polls(s)); got != "[5s:400 10s:400 15s:200]" {
		t.Errorf("polls %s", got)
	}
	reqs := s.Requests()
	if !strings.HasSuffix(s.URL, "/gitlab") || reqs[0].Path != "/oauth/authorize_device" || reqs[0].Form.Get("client_id") != "app" ||
		reqs[0].Form.Get("scope") != "read_user" || reqs[1].Form.Get("grant_type") != devicecode.GrantType {
		t.Errorf("URL %s, requests %+v", s.URL, reqs)
	}

	if _, err := gitlabFlow(t, devicetest.Options{Person: devicetest.DenyAfter(7 * time.Second)}, nil); !errors.Is(err, devicecode.ErrAccessDenied) {
		t.Errorf("DenyAfter: %v", err)
	}
}

// A confidential client authenticates exactly one way with the right
// secret; anything else is refused as RFC 6749 §2.3.1 and §5.2 say.
func TestClientSecret(t *testing.T) {
	for _, tt := range []struct {
		name        string
		style       devicecode.AuthStyle
		secret      string
		status      int
		code, basic string
	}{
		{"basic", devicecode.AuthStyleInHeader, "s3cret", http.StatusOK, "", "app"},
		{"form", devicecode.AuthStyleInParams, "s3cret", http.StatusOK, "", ""},
		{"wrong secret", devicecode.AuthStyleInParams, "guess", http.StatusUnauthorized, "invalid_client", ""},
		{"none", devicecode.AuthStyleNone, "", http.StatusUnauthorized, "invalid_client", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := devicetest.NewGitLab(devicetest.Options{ClientSecret: "s3cret"})
			t.Cleanup(s.Close)
			c, err := gitlab.New(gitlab.Config{BaseURL: s.URL, ClientID: "app", ClientSecret: devicecode.Secret(tt.secret), AuthStyle: tt.style},
				devicecode.WithHTTPClient(s.Client()))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Start(context.Background())
			var oe *devicecode.OAuthError
			if got := s.Requests()[0]; got.Status != tt.status || got.BasicUser != tt.basic ||
				(tt.code != "" && (!errors.As(err, &oe) || oe.Code != tt.code)) {
				t.Errorf("request %+v, err %v", got, err)
			}
		})
	}
	both := url.Values{"client_id": {"app"}, "client_secret": {"s3cret"}}
	s := devicetest.NewGitLab(devicetest.Options{ClientSecret: "s3cret"})
	defer s.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/oauth/authorize_device", strings.NewReader(both.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("app", "s3cret")
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("two authentication methods: %d, want 400 invalid_request", resp.StatusCode)
	}
}

// Refresh tokens rotate: the new one works, the spent one is invalid_grant.
func TestRefreshRotates(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	s := devicetest.NewMicrosoft(devicetest.Options{Clock: clk, Person: devicetest.ApproveAfter(0)})
	defer s.Close()
	c, err := microsoft.New(microsoft.Config{Tenant: "common", ClientID: "app", AuthorityHost: s.URL, Scopes: []string{"User.Read", "offline_access", "openid"}},
		devicecode.WithClock(clk), devicecode.WithHTTPClient(s.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := waitToken(ctx, fl)
	if err != nil || tok.RefreshToken == "" || tok.Extra("id_token") == nil {
		t.Fatalf("Wait = %+v, %v; want refresh and id tokens", tok, err)
	}
	clk.Advance(time.Hour)
	renewed, err := c.TokenSource(ctx, tok).Token()
	if err != nil || renewed.AccessToken == tok.AccessToken || renewed.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh = %+v, %v; want new tokens", renewed, err)
	}
	clk.Advance(time.Hour)
	if _, err := c.TokenSource(ctx, tok).Token(); err == nil {
		t.Error("a spent refresh token was accepted")
	}
}

// Intercept answers instead of the fake, and is recorded.
func TestIntercept(t *testing.T) {
	s := devicetest.NewGitLab(devicetest.Options{Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/oauth/authorize_device" {
			return false
		}
		w.WriteHeader(http.StatusNotFound)
		return true
	}})
	defer s.Close()
	c, _ := gitlab.New(gitlab.Config{BaseURL: s.URL, ClientID: "app"}, devicecode.WithHTTPClient(s.Client()))
	if _, err := c.Start(context.Background()); !errors.Is(err, devicecode.ErrDeviceFlowUnsupported) {
		t.Errorf("Start = %v", err)
	}
	if r := s.Requests(); len(r) != 1 || r[0].Status != http.StatusNotFound {
		t.Errorf("requests %+v", r)
	}
}

// An Entra fake with Tenants refuses others as Entra does (AADSTS90002).
func TestUnknownTenant(t *testing.T) {
	s := devicetest.NewMicrosoft(devicetest.Options{Tenants: []string{"contoso.onmicrosoft.com"}})
	defer s.Close()
	for tenant, ok := range map[string]bool{"CONTOSO.onmicrosoft.com": true, "organizations": true, "fabrikam.onmicrosoft.com": false} {
		c, _ := microsoft.New(microsoft.Config{Tenant: tenant, ClientID: "app", AuthorityHost: s.URL, Scopes: []string{"User.Read"}}, devicecode.WithHTTPClient(s.Client()))
		_, err := c.Start(context.Background())
		var entra *microsoft.Error
		if ok != (err == nil) || (!ok && (!errors.As(err, &entra) || !strings.Contains(err.Error(), "90002"))) {
			t.Errorf("tenant %s: %v", tenant, err)
		}
	}
}

// HTTP Basic carries the client id and secret form-encoded (RFC 6749
// §2.3.1), as devicecode and x/oauth2 send them: reserved characters in a
// secret authenticate, and the recorded user is the decoded id.
func TestClientSecretWithReservedCharacters(t *testing.T) {
	const secret = "a+b/c=d e%"
	s := devicetest.NewGitLab(devicetest.Options{ClientSecret: secret})
	defer s.Close()
	for _, style := range []devicecode.AuthStyle{devicecode.AuthStyleInHeader, devicecode.AuthStyleInParams} {
		c, err := gitlab.New(gitlab.Config{BaseURL: s.URL, ClientID: "my app", ClientSecret: secret, AuthStyle: style},
			devicecode.WithHTTPClient(s.Client()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Start(context.Background()); err != nil {
			t.Errorf("style %v: %v", style, err)
		}
	}
	if r := s.Requests()[0]; r.BasicUser != "my app" {
		t.Errorf("Basic user recorded as %q, want %q", r.BasicUser, "my app")
	}
}

// A fake on its own takes a person's decision over HTTP: 204 for a code it
// issued (the next poll gets the token), 404 for one it did not.
func TestServerDecisionHook(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	s := devicetest.NewGitLab(devicetest.Options{Clock: clk, BasePath: "/gitlab"})
	defer s.Close()
	c, _ := gitlab.New(gitlab.Config{BaseURL: s.URL, ClientID: "app"}, devicecode.WithClock(clk), devicecode.WithHTTPClient(s.Client()))
	fl, err := c.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	for code, want := range map[string]int{"NOPE-NOPE": http.StatusNotFound, strings.ToLower(dc.UserCode): http.StatusNoContent} {
		resp, err := s.Client().PostForm(s.URL+"/devicetest/approve", url.Values{"user_code": {code}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("approve %s: %d, want %d", code, resp.StatusCode, want)
		}
	}
	if _, err := fl.Wait(context.Background()); err != nil {
		t.Errorf("Wait after the HTTP approval: %v", err)
	}
}
