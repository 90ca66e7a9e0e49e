package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// cohesityScripts maps a scenario onto the Cohesity fake: Cohesity has no
// slow_down of its own either; Helios' 429 with Retry-After is how it asks.
var cohesityScripts = map[string][]devicetest.CohesityAnswer{
	"approve":   {devicetest.CohesityPending, devicetest.CohesityPending},
	"slow_down": {devicetest.CohesityTooMany, devicetest.CohesityPending},
	"deny":      {devicetest.CohesityPending},
	"flaky":     {devicetest.CohesityUnavailable, devicetest.CohesityUnavailable, devicetest.CohesityPending},
}

func cohesitySetup(name string, clk clock.Clock) demoSetup {
	opts := devicetest.CohesityOptions{Clock: clk, Script: cohesityScripts[name], RetryAfter: 10 * time.Second}
	if name == "expire" {
		opts.Lifetime = 30 * time.Second
	}
	f := devicetest.NewCohesity(opts)
	set := demoSetup{fake: f, base: f.URL, decide: f.Approve, expected: func(err error) bool { return err == nil }}
	switch name {
	case "deny":
		set.decide = f.Deny
		set.expected = func(err error) bool { return errors.Is(err, deviceflow.ErrAccessDenied) }
	case "expire":
		set.decide = nil
		set.expected = func(err error) bool { return errors.Is(err, deviceflow.ErrExpiredToken) }
	}
	return set
}

// cohesityDemo registers a Microsoft 365 source: the sign-in brokered by
// the cluster, two Azure applications, the source registration.
func cohesityDemo(base string, clk clock.Clock, hc *http.Client) (demoFlow, error) {
	c, err := cohesity.New(cohesity.Config{BaseURL: base, APIKey: devicetest.CohesityAPIKey, Classify: cohesityClassify},
		cohesity.WithClock(clk), cohesity.WithHTTPClient(hc))
	if err != nil {
		return demoFlow{}, err
	}
	const domain, admin = "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com"
	return demoFlow{
		start: func(ctx context.Context) (*normalize.DeviceCode, error) { return c.Start(ctx, domain) },
		wait: func(ctx context.Context, dc *normalize.DeviceCode) (string, error) {
			tok, err := c.Wait(ctx, dc)
			if err != nil {
				return "", err
			}
			apps, err := c.CreateAzureApplications(ctx, tok, 2, admin, cohesity.RegionDefault)
			if err != nil {
				return "", err
			}
			if _, err := c.RegisterSource(ctx, cohesity.Registration{Username: admin, Endpoint: domain, Apps: apps}); err != nil {
				return "", err
			}
			return fmt.Sprintf("signed in; %d Azure applications created and the Microsoft 365 source registered", len(apps)), nil
		},
	}, nil
}

// cohesityClassify is the override Cohesity's UNVERIFIED pending answers
// call for (see vendors/cohesity.Classifier): this cluster's refusal code
// is known, so it ends the flow at once instead of waiting out the code.
func cohesityClassify(e *cohesity.Error) error {
	if e.ErrorCode == devicetest.CohesityDeniedCode {
		return deviceflow.ErrAccessDenied
	}
	return cohesity.DefaultClassifier(e)
}
