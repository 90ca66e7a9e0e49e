package vendortest

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
	"github.com/devicecode/devicecode/internal/interop"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Interop describes a vendor package to the interop scenarios, which run
// it against an independent RFC 8628 server (zitadel's OP in the vendor's
// URL layout) on the real clock.
type Interop struct {
	Vendor    string          // names the figures in the log
	Server    interop.Options // layout and tenant; each scenario sets Lifetime and Interval
	Scope     string          // a scope the vendor accepts
	TokenPath string          // suffix of the token endpoint's path, to count polls
	// New returns a client for srv with the app's credentials that asks
	// for scopes, sending with hc.
	New func(t *testing.T, srv *interop.Server, app vendorkit.Credentials, hc *http.Client, scopes ...string) TokenClient
	// CheckToken checks an approved token for what the vendor must keep.
	CheckToken func(t *testing.T, tok *oauth2.Token)
}

// RunInterop approves with each client authentication style, denies, and
// lets a code expire, reporting the figures of each approval.
func RunInterop(t *testing.T, v Interop) {
	if testing.Short() {
		t.Skip("interop: starts a real authorization server")
	}
	opts := v.Server
	opts.Interval = time.Second
	srv := interop.Start(t, opts)
	opts.Lifetime = 3 * time.Second
	short := interop.Start(t, opts)
	apps := map[string]vendorkit.Credentials{
		"public": {ClientID: srv.PublicClientID},
		"confidential basic": {ClientID: srv.ConfidentialClientID, ClientSecret: srv.ConfidentialClientSecret,
			Style: devicecode.AuthStyleInHeader},
		"confidential form": {ClientID: srv.PostClientID, ClientSecret: srv.PostClientSecret,
			Style: devicecode.AuthStyleInParams},
	}
	for name, app := range apps {
		t.Run("approve/"+name, func(t *testing.T) {
			t.Parallel()
			c, ct := v.client(t, srv, app, v.Scope, "openid", "offline_access")
			v.approveFlow(t, srv, c, ct, 2500*time.Millisecond)
		})
	}
	t.Run("deny", func(t *testing.T) {
		t.Parallel()
		c, _ := v.client(t, srv, apps["public"], v.Scope)
		ctx := Context(t)
		fl, err := c.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Deny(ctx, fl.Prompt().UserCode); err != nil {
			t.Fatal(err)
		}
		if _, err := fl.Wait(ctx); !errors.Is(err, devicecode.ErrAccessDenied) {
			t.Fatalf("Wait = %v, want ErrAccessDenied", err)
		}
	})
	t.Run("expire", func(t *testing.T) {
		t.Parallel()
		c, ct := v.client(t, short, apps["confidential basic"], v.Scope)
		ctx := Context(t)
		fl, err := c.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = fl.Wait(ctx)
		if !errors.Is(err, devicecode.ErrExpiredToken) {
			t.Fatalf("Wait = %v, want ErrExpiredToken", err)
		}
		t.Logf("expired after %d token requests: %v", ct.tokens.Load(), err)
	})
}

func (v Interop) client(t *testing.T, srv *interop.Server, app vendorkit.Credentials, scopes ...string) (TokenClient, *countingTransport) {
	t.Helper()
	ct := &countingTransport{base: http.DefaultTransport, path: v.TokenPath}
	return v.New(t, srv, app, &http.Client{Transport: ct, Timeout: 10 * time.Second}, scopes...), ct
}

// approveFlow approves after `after` on the real clock and reports the
// figures: token requests over the RFC minimum, and approval-to-token
// latency.
func (v Interop) approveFlow(t *testing.T, srv *interop.Server, c TokenClient, ct *countingTransport, after time.Duration) {
	ctx := Context(t)
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	begin := time.Now() // the schedule starts when Wait does
	approved := make(chan [2]time.Time, 1)
	go func() {
		time.Sleep(after)
		sent := time.Now()
		if err := srv.Approve(context.Background(), dc.UserCode); err != nil {
			t.Error(err)
		}
		approved <- [2]time.Time{sent, time.Now()}
	}()
	out, err := fl.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok := out.Token
	done := time.Now()
	at := <-approved
	v.CheckToken(t, tok)
	checkFigures(t, v.Vendor, int(ct.tokens.Load()), begin, at, done, dc.Interval)
	ts := c.TokenSource(ctx, tok)
	if _, err := ts.Token(); err != nil {
		t.Errorf("TokenSource: %v", err)
	}
}

// checkFigures logs the interop figures and bounds them. On the real
// clock the approval lands somewhere between sending the hook request and
// its answer, and a loaded machine (CI runs packages in parallel) delays
// either side, so the exact ratio of 1.00 and the interval + 50 ms latency
// are asserted on the fake clock (efficiency tests); here a poll more than
// the approval window allows, or a latency beyond two intervals, fails.
func checkFigures(t *testing.T, vendor string, requests int, begin time.Time, approval [2]time.Time, done time.Time, interval time.Duration) {
	t.Helper()
	minimum := RFCMinimum(approval[0].Sub(begin), interval)
	latency := done.Sub(approval[1])
	t.Logf("%s interop: requests %d / RFC minimum %d = %.2f; approval-to-token latency %s (interval %s, approval took %s)",
		vendor, requests, minimum, float64(requests)/float64(minimum), latency.Round(time.Millisecond), interval,
		approval[1].Sub(approval[0]).Round(time.Millisecond))
	if most := RFCMinimum(approval[1].Sub(begin), interval) + 1; requests > most || latency > 2*interval {
		t.Errorf("requests %d (at most %d), latency %s (at most %s)", requests, most, latency, 2*interval)
	}
}

// countingTransport counts token requests client-side: the real server
// keeps no count we could read.
type countingTransport struct {
	base   http.RoundTripper
	path   string
	tokens atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, c.path) {
		c.tokens.Add(1)
	}
	return c.base.RoundTrip(r)
}
