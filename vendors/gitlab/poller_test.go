package gitlab_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestPoller(t *testing.T) {
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow {
		e := setup(t, gitlab.Config{Scopes: []string{"read_user"}}, devicetest.Options{Clock: fakeclock.New(t0), Script: script})
		client := func(edit func(*gitlab.Config)) devicecode.Client {
			cfg := gitlab.Config{BaseURL: e.cfg.BaseURL, ClientID: e.cfg.ClientID}
			edit(&cfg)
			c, err := gitlab.New(cfg, devicecode.WithClock(e.clock), devicecode.WithHTTPClient(e.s.Client()))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		return vendortest.PollerFlow{
			Elsewhere: map[string]devicecode.Client{
				"another instance":    client(func(c *gitlab.Config) { c.BaseURL = "https://gitlab.other.example.com" }),
				"another application": client(func(c *gitlab.Config) { c.ClientID = "another-application" }),
			},
			Clock:  e.clock,
			Client: e.client,
			Fresh:  client(func(*gitlab.Config) {}), // the process after a restart

			Approve: func(code string) { _ = e.s.Approve(code) },
			Deny:    func(code string) { _ = e.s.Deny(code) },
			Polls:   func() int { return len(vendortest.Polls(e.s)) },
			Prefix:  "gitlab: waiting for approval: ",
			Done: func(t *testing.T, o *devicecode.Outcome) {
				if o.Vendor != normalize.GitLab || o.Token == nil || o.Token.AccessToken == "" {
					t.Errorf("outcome = %v", o)
				}
			},
			Denied: func(t *testing.T, err error) {
				var oe *devicecode.OAuthError
				if !errors.Is(err, devicecode.ErrAccessDenied) || !errors.As(err, &oe) {
					t.Errorf("error %v is not ErrAccessDenied with the server's *OAuthError", err)
				}
			},
		}
	})
}

// TestResumeRefusesOtherCodes: a State of another vendor's code (or
// none) is refused in Wait's words, before any request.
func TestResumeRefusesOtherCodes(t *testing.T) {
	e := setup(t, gitlab.Config{}, devicetest.Options{})
	other := normalize.DeviceCode{Vendor: normalize.Veeam, UserCode: "ABCD"}
	for name, err := range map[string]error{
		"none":         second(e.client.Resume(devicecode.State{})),
		"other vendor": second(e.client.Resume(devicecode.State{DeviceCode: other})),
		"microsoft":    second(e.client.Resume(devicecode.State{DeviceCode: normalize.DeviceCode{Vendor: normalize.Microsoft, DeviceCode: "x"}})),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "gitlab: waiting for approval: not a GitLab device code") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func second[T any](_ T, err error) error { return err }
