package faultmatrix

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// flow is one vendor's sign-in, step by step, as an integrator runs it.
// Each fake scripts one pending answer and the person approves right
// after Start, so a fault-free wait is exactly two polls.
type flow interface {
	start(ctx context.Context) error
	wait(ctx context.Context) error
	complete(ctx context.Context) error
	// poll reports whether e is a poll carrying this flow's code, and
	// granted whether the fake's answer to it was the approval.
	poll(e Exchange) bool
	granted(e Exchange) bool
}

// vendor describes one vendor for the matrix.
type vendor struct {
	name string
	// paths are the path suffixes of the start, wait and completion
	// requests (the request each step's fault hits).
	paths [3]string
	// startMin is the fewest requests a start needs (Veeam signs in first).
	startMin  int
	errorBody string
	// slowDown is the vendor's slow_down with an absurd interval; empty
	// for vendors without one (their 429 stands in).
	slowDown string
	// fake starts the vendor's fake on clk and returns its URL and the
	// flow for a client configured with base, hc and the engine's opts.
	fake func(t *testing.T, clk *fakeclock.Clock) (string, mkFlow)
}

// mkFlow makes a vendor's flow for a client of base through hc, with the
// engine's options opts.
type mkFlow func(base string, hc *http.Client, opts ...devicecode.Option) flow

// pollOpts makes the engine's backoff deterministic (jitter: the whole
// range), so that the matrix's waits are the same on every run.
var pollOpts = []devicecode.Option{devicecode.WithJitter(func(n time.Duration) time.Duration { return n })}

const (
	oauthErrorBody = `{"error":"access_denied","error_description":"The resource owner or authorization server denied the request."}`
	oauthSlowDown  = `{"error":"slow_down","error_description":"Too many requests.","interval":100000}`
)

var vendors = []vendor{
	{name: "gitlab", paths: [3]string{"/oauth/authorize_device", "/oauth/token", "/oauth/token"}, startMin: 1,
		errorBody: oauthErrorBody, slowDown: oauthSlowDown, fake: gitlabFake},
	{name: "microsoft", paths: [3]string{"/oauth2/v2.0/devicecode", "/oauth2/v2.0/token", "/oauth2/v2.0/token"}, startMin: 1,
		errorBody: oauthErrorBody, slowDown: oauthSlowDown, fake: microsoftFake},
	{name: "cohesity", paths: [3]string{"/auth/device-code", "/auth/token", "/azure-applications"}, startMin: 1,
		errorBody: `{"errorCode":"KPermissionDenied","message":"Access denied."}`, fake: cohesityFake},
	{name: "veeam", paths: [3]string{"/DeviceCode", "/DeviceCode/check", "/Organizations"}, startMin: 2,
		errorBody: `{"message":"The operation has failed.","errorCode":"OperationFailed"}`, fake: veeamFake},
}

// signIn is what every vendor's flow shares, the contract: Start, the
// person's approval at the fake (none where the fake approves by itself),
// Wait for the Outcome.
type signIn struct {
	c       devicecode.Client
	approve func(userCode string) error
	fl      *devicecode.Flow
	dc      *normalize.DeviceCode
	out     *devicecode.Outcome
}

func (s *signIn) start(ctx context.Context) error {
	fl, err := s.c.Start(ctx)
	if err != nil {
		return err
	}
	dc := fl.State().DeviceCode
	s.fl, s.dc = fl, &dc
	if s.approve == nil {
		return nil
	}
	return s.approve(dc.UserCode)
}

func (s *signIn) wait(ctx context.Context) (err error) {
	s.out, err = s.fl.Wait(ctx)
	return err
}

// rfcClient is the contract plus the TokenSource of GitLab's and Entra's
// clients.
type rfcClient interface {
	devicecode.Client
	TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource
}

type rfcFlow struct {
	signIn
	c   rfcClient
	clk *fakeclock.Clock
}

// complete lets the access token expire and asks the TokenSource, which
// refreshes it at the token endpoint.
func (f *rfcFlow) complete(ctx context.Context) error {
	f.clk.Advance(3 * time.Hour)
	_, err := f.c.TokenSource(ctx, f.out.Token).Token()
	return err
}

func (f *rfcFlow) poll(e Exchange) bool {
	form, _ := url.ParseQuery(string(e.Body))
	return f.dc != nil && strings.HasSuffix(e.Path, "/token") && form.Get("device_code") == f.dc.DeviceCode
}

func (f *rfcFlow) granted(e Exchange) bool { return f.poll(e) && e.Upstream == http.StatusOK }

func rfcOptions(clk *fakeclock.Clock) devicetest.Options {
	return devicetest.Options{Clock: clk, Script: []devicetest.Answer{devicetest.Pending}}
}

func gitlabFake(t *testing.T, clk *fakeclock.Clock) (string, mkFlow) {
	fake := devicetest.NewGitLab(rfcOptions(clk))
	t.Cleanup(fake.Close)
	return fake.URL, func(base string, hc *http.Client, opts ...devicecode.Option) flow {
		c, err := gitlab.New(gitlab.Config{BaseURL: base, ClientID: "faultmatrix", Scopes: []string{"read_user"}},
			append([]devicecode.Option{devicecode.WithHTTPClient(hc), devicecode.WithClock(clk)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return &rfcFlow{signIn: signIn{c: c, approve: fake.Approve}, c: c, clk: clk}
	}
}

func microsoftFake(t *testing.T, clk *fakeclock.Clock) (string, mkFlow) {
	fake := devicetest.NewMicrosoft(rfcOptions(clk))
	t.Cleanup(fake.Close)
	return fake.URL, func(base string, hc *http.Client, opts ...devicecode.Option) flow {
		c, err := microsoft.New(microsoft.Config{Tenant: microsoft.TenantOrganizations, ClientID: "faultmatrix", AuthorityHost: base,
			Scopes: []string{"User.Read", "offline_access"}},
			append([]devicecode.Option{devicecode.WithHTTPClient(hc), devicecode.WithClock(clk)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return &rfcFlow{signIn: signIn{c: c, approve: fake.Approve}, c: c, clk: clk}
	}
}

type cohesityFlow struct {
	signIn
	c *cohesity.Client
}

func cohesityFake(t *testing.T, clk *fakeclock.Clock) (string, mkFlow) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk,
		Script: []devicetest.Answer{devicetest.Pending}})
	t.Cleanup(fake.Close)
	return fake.URL, func(base string, hc *http.Client, opts ...devicecode.Option) flow {
		c, err := cohesity.New(cohesity.Config{BaseURL: base, APIKey: devicetest.CohesityAPIKey, Domain: "contoso.onmicrosoft.com"},
			append([]devicecode.Option{devicecode.WithHTTPClient(hc), devicecode.WithClock(clk)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return &cohesityFlow{signIn: signIn{c: c, approve: fake.Approve}, c: c}
	}
}

func (f *cohesityFlow) complete(ctx context.Context) error {
	_, err := f.c.CreateAzureApplications(ctx, f.out.Token, 1, "admin@contoso.onmicrosoft.com", "")
	return err
}

func (f *cohesityFlow) poll(e Exchange) bool {
	var b struct{ DeviceCode string }
	return f.dc != nil && strings.HasSuffix(e.Path, "/auth/token") &&
		json.Unmarshal(e.Body, &b) == nil && b.DeviceCode == f.dc.DeviceCode
}

func (f *cohesityFlow) granted(e Exchange) bool { return f.poll(e) && e.Upstream == http.StatusCreated }

type veeamFlow struct {
	signIn
	c *veeam.Client
}

func veeamFake(t *testing.T, clk *fakeclock.Clock) (string, mkFlow) {
	fake := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk})
	fake.ApproveAfterChecks(1)
	t.Cleanup(fake.Close)
	return fake.URL, func(base string, hc *http.Client, opts ...devicecode.Option) flow {
		c, err := veeam.New(veeam.Config{BaseURL: base, Username: "admin", Password: "password", APIVersion: veeam.V8,
			Target: veeam.NewOrganization(veeam.RegionWorldwide)},
			append([]devicecode.Option{devicecode.WithHTTPClient(hc), devicecode.WithClock(clk)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return &veeamFlow{signIn: signIn{c: c}, c: c}
	}
}

func (f *veeamFlow) complete(ctx context.Context) error {
	_, err := f.c.AddOrganization(ctx, veeam.NewOrganizationOptions{}, f.out.UserCode)
	return err
}

// poll: VB365 keeps the device code; the client polls with the user code.
func (f *veeamFlow) poll(e Exchange) bool {
	var b struct{ UserCode string }
	return f.dc != nil && strings.HasSuffix(e.Path, "/DeviceCode/check") &&
		json.Unmarshal(e.Body, &b) == nil && b.UserCode == f.dc.UserCode
}

func (f *veeamFlow) granted(e Exchange) bool {
	var a struct{ Authenticated bool }
	return f.poll(e) && e.Upstream == http.StatusOK && json.Unmarshal(e.UpstreamBody, &a) == nil && a.Authenticated
}
