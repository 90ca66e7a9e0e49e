package microsoft_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestPoller(t *testing.T) {
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow[*oauth2.Token] {
		e := setup(t, microsoft.Config{}, devicetest.Options{Clock: fakeclock.New(t0), Script: script})
		// A second client on the same fake: the process after a restart.
		restarted, err := microsoft.New(e.cfg, microsoft.WithClock(e.clock), microsoft.WithHTTPClient(e.s.Client()))
		if err != nil {
			t.Fatal(err)
		}
		elsewhere := func(edit func(*microsoft.Config)) func(devicecode.State) (*devicecode.Poller[*oauth2.Token], error) {
			cfg := e.cfg
			edit(&cfg)
			c, err := microsoft.New(cfg, microsoft.WithClock(e.clock), microsoft.WithHTTPClient(e.s.Client()))
			if err != nil {
				t.Fatal(err)
			}
			return c.Resume
		}
		return vendortest.PollerFlow[*oauth2.Token]{
			Elsewhere: map[string]func(devicecode.State) (*devicecode.Poller[*oauth2.Token], error){
				"another tenant":           elsewhere(func(c *microsoft.Config) { c.Tenant = "fabrikam.onmicrosoft.com" }),
				"another app registration": elsewhere(func(c *microsoft.Config) { c.ClientID = "00000000-0000-0000-0000-000000000001" }),
			},
			Clock:   e.clock,
			Start:   func(ctx context.Context) (*normalize.DeviceCode, error) { return e.client.Start(ctx, "User.Read") },
			Poller:  e.client.Poller,
			Resume:  restarted.Resume,
			Approve: func(code string) { _ = e.s.Approve(code) },
			Deny:    func(code string) { _ = e.s.Deny(code) },
			Polls:   func() int { return len(vendortest.Polls(e.s)) },
			Prefix:  "microsoft: waiting for approval: ",
			Done: func(t *testing.T, tok *oauth2.Token) {
				if tok.AccessToken == "" {
					t.Errorf("token = %v", tok)
				}
			},
			Denied: func(t *testing.T, err error) {
				var me *microsoft.Error
				if !errors.Is(err, devicecode.ErrAccessDenied) || !errors.As(err, &me) || me.Err.Code != "authorization_declined" {
					t.Errorf("error %v is not ErrAccessDenied with Entra's *Error", err)
				}
			},
		}
	})
}

// TestPollerRefusesOtherCodes: a Poller or Resume for another vendor's
// code (or none) is refused in Wait's words, before any request.
func TestPollerRefusesOtherCodes(t *testing.T) {
	e := setup(t, microsoft.Config{}, devicetest.Options{})
	other := normalize.DeviceCode{Vendor: normalize.Veeam, UserCode: "ABCD"}
	for name, err := range map[string]error{
		"nil":          second(e.client.Poller(nil)),
		"other vendor": second(e.client.Poller(&other)),
		"resume other": second(e.client.Resume(devicecode.State{DeviceCode: other})),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "microsoft: waiting for approval: not a Microsoft device code") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func second[T any](_ T, err error) error { return err }
