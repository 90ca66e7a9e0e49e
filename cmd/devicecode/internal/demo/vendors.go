package demo

import (
	"context"
	"net/http"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// demoFake is what the demo needs of a running fake.
type demoFake interface {
	Client() *http.Client
	Close()
}

// demoVendor sets up a vendor's fake for a scenario, and the client an
// integrator would configure for it, written with the vendor package's
// public API and nothing else.
type demoVendor struct {
	vendor normalize.Vendor
	setup  func(scenario string, clk clock.Clock) demoSetup
	client func(base string, opts ...devicecode.Option) (devicecode.Client, completion, error)
}

// completion is what the integrator does with an approved sign-in (a
// vendor's own completion steps), and the result in words.
type completion func(ctx context.Context, out *devicecode.Outcome) (string, error)

var demoVendors = []demoVendor{
	{normalize.GitLab, oauthSetup(devicetest.NewGitLab), gitlabDemo},
	{normalize.Microsoft, oauthSetup(devicetest.NewMicrosoft), microsoftDemo},
	{normalize.Cohesity, cohesitySetup, cohesityDemo},
	{normalize.Veeam, veeamSetup, veeamDemo},
}

func gitlabDemo(base string, opts ...devicecode.Option) (devicecode.Client, completion, error) {
	c, err := gitlab.New(gitlab.Config{BaseURL: base, ClientID: "demo-app", Scopes: []string{"read_user"}}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return c, tokenOutcome, nil
}

func microsoftDemo(base string, opts ...devicecode.Option) (devicecode.Client, completion, error) {
	c, err := microsoft.New(microsoft.Config{Tenant: microsoft.TenantOrganizations, ClientID: "demo-app",
		Scopes: []string{"User.Read"}, AuthorityHost: base}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return c, tokenOutcome, nil
}

// tokenOutcome words an OAuth vendor's result: the token is all there is.
func tokenOutcome(_ context.Context, out *devicecode.Outcome) (string, error) {
	return "signed in: " + out.Token.Type() + " token (redacted)" + cmdutil.ExpiresIn(out.Token), nil
}
