package microsoft_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/internal/interop"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// The interop tests run the package against an independent RFC 8628
// server (zitadel's OP in Entra ID's URL layout) on the real clock.

// countingTransport counts token requests client-side: the real server
// keeps no count we could read.
type countingTransport struct {
	base   http.RoundTripper
	tokens atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token") {
		c.tokens.Add(1)
	}
	return c.base.RoundTrip(r)
}

// interopTenant puts a domain tenant in the path, as a real directory would.
const interopTenant = "contoso.onmicrosoft.com"

func interopClient(t *testing.T, srv *interop.Server, cfg microsoft.Config) (*microsoft.Client, *countingTransport) {
	t.Helper()
	ct := &countingTransport{base: http.DefaultTransport}
	cfg.AuthorityHost, cfg.Tenant = srv.BaseURL, interopTenant
	c, err := microsoft.New(cfg, microsoft.WithHTTPClient(&http.Client{Transport: ct, Timeout: 10 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	return c, ct
}

func TestInterop(t *testing.T) {
	if testing.Short() {
		t.Skip("interop: starts a real authorization server")
	}
	srv := interop.Start(t, interop.Options{Layout: interop.LayoutMicrosoft, Tenant: interopTenant, Interval: time.Second})
	short := interop.Start(t, interop.Options{Layout: interop.LayoutMicrosoft, Tenant: interopTenant, Lifetime: 3 * time.Second, Interval: time.Second})
	clients := map[string]microsoft.Config{
		"public": {ClientID: srv.PublicClientID},
		"confidential basic": {ClientID: srv.ConfidentialClientID, ClientSecret: srv.ConfidentialClientSecret,
			AuthStyle: deviceflow.AuthStyleInHeader},
		"confidential form": {ClientID: srv.PostClientID, ClientSecret: srv.PostClientSecret,
			AuthStyle: deviceflow.AuthStyleInParams},
	}
	for name, cfg := range clients {
		t.Run("approve/"+name, func(t *testing.T) {
			t.Parallel()
			c, ct := interopClient(t, srv, cfg)
			approveFlow(t, srv, c, ct, 2500*time.Millisecond)
		})
	}
	t.Run("deny", func(t *testing.T) {
		t.Parallel()
		c, _ := interopClient(t, srv, clients["public"])
		ctx := ctxTimeout(t)
		dc, err := c.Start(ctx, "User.Read")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Deny(ctx, dc.UserCode); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Wait(ctx, dc); !errors.Is(err, deviceflow.ErrAccessDenied) {
			t.Fatalf("Wait = %v, want ErrAccessDenied", err)
		}
	})
	t.Run("expire", func(t *testing.T) {
		t.Parallel()
		c, ct := interopClient(t, short, clients["confidential basic"])
		ctx := ctxTimeout(t)
		dc, err := c.Start(ctx, "User.Read")
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Wait(ctx, dc)
		if !errors.Is(err, deviceflow.ErrExpiredToken) {
			t.Fatalf("Wait = %v, want ErrExpiredToken", err)
		}
		t.Logf("expired after %d token requests: %v", ct.tokens.Load(), err)
	})
}

// approveFlow approves after `after` on the real clock and reports the
// figures: token requests over the RFC minimum, and approval-to-token
// latency.
func approveFlow(t *testing.T, srv *interop.Server, c *microsoft.Client, ct *countingTransport, after time.Duration) {
	ctx := ctxTimeout(t)
	dc, err := c.Start(ctx, "User.Read", "openid", "offline_access")
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now() // the schedule starts when Wait does
	approved := make(chan time.Time, 1)
	go func() {
		time.Sleep(after)
		if err := srv.Approve(context.Background(), dc.UserCode); err != nil {
			t.Error(err)
		}
		approved <- time.Now()
	}()
	tok, err := c.Wait(ctx, dc)
	if err != nil {
		t.Fatal(err)
	}
	done := time.Now()
	at := <-approved
	// Entra keeps the refresh token (offline_access) and the ID token
	// (openid); so must the package.
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.Extra("id_token") == nil {
		t.Errorf("token = %+v, id_token %v", tok, tok.Extra("id_token"))
	}
	requests, minimum := int(ct.tokens.Load()), rfcMinimum(at.Sub(begin), dc.Interval)
	latency := done.Sub(at)
	t.Logf("microsoft interop: requests %d / RFC minimum %d = %.2f; approval-to-token latency %s (interval %s)",
		requests, minimum, float64(requests)/float64(minimum), latency.Round(time.Millisecond), dc.Interval)
	if requests != minimum || latency > dc.Interval+50*time.Millisecond {
		t.Errorf("requests %d (minimum %d), latency %s", requests, minimum, latency)
	}
	ts := c.TokenSource(ctx, tok)
	if _, err := ts.Token(); err != nil {
		t.Errorf("TokenSource: %v", err)
	}
}
