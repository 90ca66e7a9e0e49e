package cohesity_test

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// declined is a caller's classifier for the fake's decline, which the
// default policy, knowing no such code, would keep polling.
func declined(e *cohesity.Error) error {
	if e.ErrorCode == devicetest.CohesityDeniedCode {
		return devicecode.ErrAccessDenied
	}
	return cohesity.DefaultClassifier(e)
}

func TestPoller(t *testing.T) {
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow[*oauth2.Token] {
		clk := fakeclock.New(t0)
		fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Script: script})
		t.Cleanup(fake.Close)
		var clients [2]*cohesity.Client // the second: the process after a restart
		for i := range clients {
			c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey, Classify: declined},
				cohesity.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			clients[i] = c
		}
		resume := func(cfg cohesity.Config, domain string) func(devicecode.State) (*devicecode.Poller[*oauth2.Token], error) {
			c, err := cohesity.New(cfg, cohesity.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			return func(st devicecode.State) (*devicecode.Poller[*oauth2.Token], error) { return c.Resume(st, domain) }
		}
		cfg := cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey}
		helios := cfg
		helios.AccessClusterID = 42
		return vendortest.PollerFlow[*oauth2.Token]{
			Elsewhere: map[string]func(devicecode.State) (*devicecode.Poller[*oauth2.Token], error){
				"another cluster":           resume(cohesity.Config{BaseURL: "https://cluster.other.example.com", APIKey: devicetest.CohesityAPIKey}, domain),
				"another domain":            resume(cfg, "other.onmicrosoft.com"),
				"routed to another cluster": resume(helios, domain),
			},
			Clock:  clk,
			Start:  func(ctx context.Context) (*normalize.DeviceCode, error) { return clients[0].Start(ctx, domain) },
			Poller: clients[0].Poller,
			Resume: func(st devicecode.State) (*devicecode.Poller[*oauth2.Token], error) {
				return clients[1].Resume(st, domain)
			},
			Approve: func(code string) { _ = fake.Approve(code) },
			Deny:    func(code string) { _ = fake.Deny(code) },
			Polls:   func() int { return len(polls(fake)) },
			Prefix:  "cohesity: waiting for approval: ",
			Done: func(t *testing.T, tok *oauth2.Token) {
				if tok.AccessToken == "" || tok.Expiry.IsZero() {
					t.Errorf("token = %v", tok)
				}
			},
			Denied: func(t *testing.T, err error) {
				var e *cohesity.Error
				if !errors.Is(err, devicecode.ErrAccessDenied) || !errors.As(err, &e) || e.ErrorCode != devicetest.CohesityDeniedCode {
					t.Errorf("error %v is not ErrAccessDenied with the cluster's *Error", err)
				}
			},
		}
	})
}

// TestPollerTakesTheDomain: the Poller holds the domain Start kept, so the
// Client forgets it (no entry left per flow), and Resume needs it back.
func TestPollerTakesTheDomain(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{})
	dc, err := c.Start(context.Background(), domain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Poller(dc); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Poller(dc); err == nil {
		t.Error("a second Poller for the code found its domain")
	}
	if _, err := c.Resume(devicecode.State{DeviceCode: *dc}, ""); err == nil {
		t.Error("Resume without a domain succeeded")
	}
	if _, err := c.Resume(devicecode.State{DeviceCode: normalize.DeviceCode{Vendor: normalize.GitLab, DeviceCode: "x"}}, domain); err == nil {
		t.Error("Resume of a GitLab code succeeded")
	}
	if n := len(polls(fake)); n != 0 {
		t.Errorf("%d polls sent", n)
	}
}
