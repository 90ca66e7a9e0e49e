package main

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// demoFlow is one vendor's sign-in, written as an integrator writes it:
// the vendor package's public API and nothing else.
type demoFlow struct {
	start func(ctx context.Context) (*normalize.DeviceCode, error)
	wait  func(ctx context.Context, dc *normalize.DeviceCode) (string, error) // the outcome, in words
}

// demoFake is what the demo needs of a running fake.
type demoFake interface {
	Client() *http.Client
	Close()
}

// demoVendor sets up a vendor's fake for a scenario and the client an
// integrator would configure for it.
type demoVendor struct {
	vendor normalize.Vendor
	setup  func(scenario string, clk clock.Clock) demoSetup
	client func(base string, clk clock.Clock, hc *http.Client) (demoFlow, error)
}

var demoVendors = []demoVendor{
	{normalize.GitLab, oauthSetup(devicetest.NewGitLab), gitlabDemo},
	{normalize.Microsoft, oauthSetup(devicetest.NewMicrosoft), microsoftDemo},
	{normalize.Cohesity, cohesitySetup, cohesityDemo},
	{normalize.Veeam, veeamSetup, veeamDemo},
}

func gitlabDemo(base string, clk clock.Clock, hc *http.Client) (demoFlow, error) {
	c, err := gitlab.New(gitlab.Config{BaseURL: base, ClientID: "demo-app"}, gitlab.WithClock(clk), gitlab.WithHTTPClient(hc))
	if err != nil {
		return demoFlow{}, err
	}
	return demoFlow{
		start: func(ctx context.Context) (*normalize.DeviceCode, error) { return c.Start(ctx, "read_user") },
		wait:  tokenOutcome(c.Wait),
	}, nil
}

func microsoftDemo(base string, clk clock.Clock, hc *http.Client) (demoFlow, error) {
	c, err := microsoft.New(microsoft.Config{Tenant: microsoft.TenantOrganizations, ClientID: "demo-app", AuthorityHost: base},
		microsoft.WithClock(clk), microsoft.WithHTTPClient(hc))
	if err != nil {
		return demoFlow{}, err
	}
	return demoFlow{
		start: func(ctx context.Context) (*normalize.DeviceCode, error) { return c.Start(ctx, "User.Read") },
		wait:  tokenOutcome(c.Wait),
	}, nil
}

// tokenOutcome words an OAuth vendor's result.
func tokenOutcome(wait func(context.Context, *normalize.DeviceCode) (*oauth2.Token, error)) func(context.Context, *normalize.DeviceCode) (string, error) {
	return func(ctx context.Context, dc *normalize.DeviceCode) (string, error) {
		tok, err := wait(ctx, dc)
		if err != nil {
			return "", err
		}
		return "signed in: " + tok.Type() + " token (redacted)" + expiresIn(tok), nil
	}
}
