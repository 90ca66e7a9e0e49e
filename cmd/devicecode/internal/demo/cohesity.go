package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// cohesitySetup runs the scenario's script on the Cohesity fake, as on the
// OAuth vendors' (the fake words slow_down as Helios' 429 with
// Retry-After: Cohesity has none of its own).
func cohesitySetup(name string, clk clock.Clock) demoSetup {
	sc := scenarios[name]
	f := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Script: sc.opts.Script,
		RetryAfter: sc.opts.RetryAfter, Lifetime: sc.opts.Lifetime, Interval: sc.opts.Interval})
	return demoSetup{fake: f, base: f.URL, decide: brokeredPerson(sc, f.Approve, f.Deny), expected: sc.expected,
		served: servedOf(f.Requests, func(r devicetest.CohesityRequest) served { return served{r.At, r.Path, r.Status} })}
}

// brokeredPerson is the scenario's person for a fake that is not a
// devicetest.Server: approve, deny, or nobody (nil) when the code is to
// expire.
func brokeredPerson(sc scenario, approve, deny func(userCode string) error) func(string) error {
	switch {
	case errors.Is(sc.want, devicecode.ErrAccessDenied):
		return deny
	case sc.decide == nil:
		return nil
	}
	return approve
}

// cohesityDemo registers a Microsoft 365 source: the sign-in brokered by
// the cluster, then two Azure applications and the source registration.
func cohesityDemo(base string, opts ...devicecode.Option) (devicecode.Client, completion, error) {
	const domain, admin = "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com"
	c, err := cohesity.New(cohesity.Config{BaseURL: base, APIKey: devicetest.CohesityAPIKey, Domain: domain,
		Classify: cohesityClassify}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return c, func(ctx context.Context, out *devicecode.Outcome) (string, error) {
		apps, err := c.CreateAzureApplications(ctx, out.Token, 2, admin, cohesity.RegionWorldwide)
		if err != nil {
			return "", err
		}
		if _, err := c.RegisterSource(ctx, cohesity.Registration{Username: admin, Endpoint: domain, Apps: apps}); err != nil {
			return "", err
		}
		return fmt.Sprintf("signed in; %d Azure applications created and the Microsoft 365 source registered", len(apps)), nil
	}, nil
}

// cohesityClassify is the override Cohesity's UNVERIFIED pending answers
// call for (see vendors/cohesity.Classifier): this cluster's refusal code
// is known, so it ends the flow at once instead of waiting out the code.
func cohesityClassify(e *cohesity.Error) error {
	if e.ErrorCode == devicetest.CohesityDeniedCode {
		return devicecode.ErrAccessDenied
	}
	return cohesity.DefaultClassifier(e)
}
