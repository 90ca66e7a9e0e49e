package gitlab_test

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
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestPoller(t *testing.T) {
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow[*oauth2.Token] {
		e := setup(t, gitlab.Config{}, devicetest.Options{Clock: fakeclock.New(t0), Script: script})
		// A second client on the same fake: the process after a restart.
		restarted, err := gitlab.New(e.cfg, gitlab.WithClock(e.clock), gitlab.WithHTTPClient(e.s.Client()))
		if err != nil {
			t.Fatal(err)
		}
		elsewhere := func(edit func(*gitlab.Config)) func(devicecode.State) (*devicecode.Poller[*oauth2.Token], error) {
			cfg := e.cfg
			edit(&cfg)
			c, err := gitlab.New(cfg, gitlab.WithClock(e.clock), gitlab.WithHTTPClient(e.s.Client()))
			if err != nil {
				t.Fatal(err)
			}
			return c.Resume
		}
		return vendortest.PollerFlow[*oauth2.Token]{
			Elsewhere: map[string]func(devicecode.State) (*devicecode.Poller[*oauth2.Token], error){
				"another instance":    elsewhere(func(c *gitlab.Config) { c.BaseURL = "https://gitlab.other.example.com" }),
				"another application": elsewhere(func(c *gitlab.Config) { c.ClientID = "another-application" }),
			},
			Clock:   e.clock,
			Start:   func(ctx context.Context) (*normalize.DeviceCode, error) { return e.client.Start(ctx, "read_user") },
			Poller:  e.client.Poller,
			Resume:  restarted.Resume,
			Approve: func(code string) { _ = e.s.Approve(code) },
			Deny:    func(code string) { _ = e.s.Deny(code) },
			Polls:   func() int { return len(vendortest.Polls(e.s)) },
			Prefix:  "gitlab: waiting for approval: ",
			Done: func(t *testing.T, tok *oauth2.Token) {
				if tok.AccessToken == "" {
					t.Errorf("token = %v", tok)
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

// TestPollerRefusesOtherCodes: a Poller or Resume for another vendor's
// code (or none) is refused in Wait's words, before any request.
func TestPollerRefusesOtherCodes(t *testing.T) {
	e := setup(t, gitlab.Config{}, devicetest.Options{})
	other := normalize.DeviceCode{Vendor: normalize.Veeam, UserCode: "ABCD"}
	for name, err := range map[string]error{
		"nil":          second(e.client.Poller(nil)),
		"other vendor": second(e.client.Poller(&other)),
		"resume other": second(e.client.Resume(devicecode.State{DeviceCode: other})),
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
