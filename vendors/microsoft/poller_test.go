package microsoft_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestPoller(t *testing.T) {
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow {
		e := setup(t, microsoft.Config{}, devicetest.Options{Clock: fakeclock.New(t0), Script: script})
		client := func(edit func(*microsoft.Config)) devicecode.Client {
			cfg := microsoft.Config{Tenant: e.cfg.Tenant, ClientID: e.cfg.ClientID, AuthorityHost: e.cfg.AuthorityHost}
			edit(&cfg)
			c, err := microsoft.New(cfg, devicecode.WithClock(e.clock), devicecode.WithHTTPClient(e.s.Client()))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		return vendortest.PollerFlow{
			Elsewhere: map[string]devicecode.Client{
				"another tenant":           client(func(c *microsoft.Config) { c.Tenant = "fabrikam.onmicrosoft.com" }),
				"another app registration": client(func(c *microsoft.Config) { c.ClientID = "00000000-0000-0000-0000-000000000001" }),
			},
			Clock:  e.clock,
			Client: e.client,
			Fresh:  client(func(*microsoft.Config) {}), // the process after a restart: no scopes

			Approve: func(code string) { _ = e.s.Approve(code) },
			Deny:    func(code string) { _ = e.s.Deny(code) },
			Polls:   func() int { return len(vendortest.Polls(e.s)) },
			Prefix:  "microsoft: waiting for approval: ",
			Done: func(t *testing.T, o *devicecode.Outcome) {
				if o.Vendor != normalize.Microsoft || o.Token == nil || o.Token.AccessToken == "" {
					t.Errorf("outcome = %v", o)
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

// TestResumeRefusesOtherCodes: a State of another vendor's code (or
// none) is refused in Wait's words, before any request.
func TestResumeRefusesOtherCodes(t *testing.T) {
	e := setup(t, microsoft.Config{}, devicetest.Options{})
	other := normalize.DeviceCode{Vendor: normalize.Veeam, UserCode: "ABCD"}
	for name, err := range map[string]error{
		"none":         second(e.client.Resume(devicecode.State{})),
		"other vendor": second(e.client.Resume(devicecode.State{DeviceCode: other})),
		"gitlab":       second(e.client.Resume(devicecode.State{DeviceCode: normalize.DeviceCode{Vendor: normalize.GitLab, DeviceCode: "x"}})),
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
