package cohesity_test

import (
	"context"
	"errors"
	"strings"
	"testing"

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
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow {
		clk := fakeclock.New(t0)
		fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Script: script})
		t.Cleanup(fake.Close)
		client := func(cfg cohesity.Config) *cohesity.Client {
			if cfg.BaseURL == "" {
				cfg.BaseURL = fake.URL
			}
			cfg.APIKey, cfg.Classify = devicetest.CohesityAPIKey, declined
			c, err := cohesity.New(cfg, devicecode.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		return vendortest.PollerFlow{
			Clock:  clk,
			Client: client(cohesity.Config{Domain: domain}),
			// The process after a restart: the cluster and its key, no
			// domain, which the State carries.
			Fresh: client(cohesity.Config{}),
			// Told the flow's domain, but not its cluster: the domain is
			// the flow's, the cluster (and the Helios routing to it) the
			// Client's.
			Elsewhere: map[string]devicecode.Client{
				"another cluster":           client(cohesity.Config{BaseURL: "https://cluster.other.example.com", Domain: domain}),
				"routed to another cluster": client(cohesity.Config{AccessClusterID: 42, Domain: domain}),
				"routed to another region":  client(cohesity.Config{RegionID: "eu-west-1", Domain: domain}),
			},
			Approve: func(code string) { _ = fake.Approve(code) },
			Deny:    func(code string) { _ = fake.Deny(code) },
			Polls:   func() int { return len(polls(fake)) },
			Prefix:  "cohesity: waiting for approval: ",
			Done: func(t *testing.T, o *devicecode.Outcome) {
				if o.Vendor != normalize.Cohesity || o.Token == nil || o.Token.AccessToken == "" || o.Token.Expiry.IsZero() {
					t.Errorf("outcome = %v, want Cohesity's token", o)
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

// TestResumeRefuses: a State Resume cannot poll for is refused before any
// request — one that names no domain (the token request needs it), one of
// another vendor, a zero one.
func TestResumeRefuses(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{})
	fl, err := c.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	noDomain := fl.State()
	noDomain.Origin.Tenant = ""
	_, err = c.Resume(noDomain)
	var se *devicecode.StateError
	if !errors.As(err, &se) || se.Field != "/origin" || !strings.HasPrefix(err.Error(), "cohesity: waiting for approval: flow state (cohesity): /origin: ") {
		t.Errorf("Resume without a domain = %v, want a *devicecode.StateError for /origin", err)
	}
	gitlab := devicecode.State{DeviceCode: normalize.DeviceCode{Vendor: normalize.GitLab, DeviceCode: "x"}, Origin: fl.State().Origin}
	if _, err := c.Resume(gitlab); err == nil {
		t.Error("Resume of a GitLab code succeeded")
	}
	if _, err := c.Resume(devicecode.State{}); err == nil {
		t.Error("Resume of a zero State succeeded")
	}
	if n := len(polls(fake)); n != 0 {
		t.Errorf("%d polls sent", n)
	}
}
