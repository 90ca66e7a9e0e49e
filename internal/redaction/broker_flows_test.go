package redaction_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/veeam"
)

const domain = "contoso.onmicrosoft.com"

// The shapes of what the fakes issue inside a client, where a test cannot
// read it: Cohesity's login token, Veeam's bearer and refresh tokens.
var (
	cohesityLogin = regexp.MustCompile(`login-[0-9a-f]{24}`)
	veeamTokens   = regexp.MustCompile(`\b(at|rt)-[0-9a-f]{16,}`)
)

// TestCohesityFlowHidesSecrets logs in with a password, signs in through
// a pending poll and a 503, creates applications, registers the source,
// then fails: denied, expired, the login refused, an API key refused.
func TestCohesityFlowHidesSecrets(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Username: "admin", Password: markPassword,
		Script: []devicetest.Answer{devicetest.Pending, devicetest.Unavailable, devicetest.TooMany}})
	t.Cleanup(fake.Close)
	var logs flowLog
	opts := []devicecode.Option{devicecode.WithClock(clk), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger())}
	c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, Username: "admin", Password: markPassword, Classify: classify,
		Domain: domain}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dc, tok := cohesitySignIn(t, fake, c, true)
	apps, err := c.CreateAzureApplications(ctx, tok, 2, "admin@"+domain, "")
	if err != nil {
		t.Fatal(err)
	}
	reg := cohesity.Registration{Username: "admin@" + domain, Password: markPassword, Endpoint: domain, Apps: apps}
	if _, err := c.RegisterSource(ctx, reg); err != nil {
		t.Fatal(err)
	}
	fake.ExpireLogins() // the next call logs in again
	apps2, err := c.CreateOrUpdateAzureApplications(ctx, tok, 1, "admin@"+domain, "", apps)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{markPassword, dc.DeviceCode, tok.AccessToken, markAPIKey}
	for _, a := range append(apps, apps2...) {
		secrets = append(secrets, string(a.ClientSecret))
	}

	shown := cohesityFailures(t, fake, c, opts)
	for _, v := range []any{c, *c, apps, reg} {
		shown = append(shown, render(v, true)...)
	}
	shown = append(shown, render(dc, false)...) // its JSON is meant to hold the code
	logs.nonEmpty(t)
	shown = append(shown, logs.renderings()...)
	hidden(t, "cohesity", shown, secrets...)
	hiddenRE(t, "cohesity", shown, cohesityLogin)
}

// classify reads the fake's refusal, as a caller who learned Cohesity's
// code would (DefaultClassifier keeps polling until expiry).
func classify(e *cohesity.Error) error {
	if e.ErrorCode == devicetest.CohesityDeniedCode {
		return devicecode.ErrAccessDenied
	}
	return cohesity.DefaultClassifier(e)
}

func cohesitySignIn(t *testing.T, fake *devicetest.CohesityServer, c *cohesity.Client, approve bool) (normalize.DeviceCode, *oauth2.Token) {
	t.Helper()
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if err := fake.Approve(dc.UserCode); err != nil {
		t.Fatal(err)
	}
	tok, err := waitToken(ctx, fl)
	if err != nil {
		t.Fatal(err)
	}
	return dc, tok
}

// cohesityFailures ends flows by denial and expiry, and has the cluster
// refuse a password and an API key; it returns every error rendered.
func cohesityFailures(t *testing.T, fake *devicetest.CohesityServer, c *cohesity.Client, opts []devicecode.Option) []rendering {
	t.Helper()
	ctx := context.Background()
	var shown []rendering
	for _, deny := range []bool{true, false} {
		fl, err := c.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		dc := fl.State().DeviceCode
		if deny {
			if err := fake.Deny(dc.UserCode); err != nil {
				t.Fatal(err)
			}
		}
		_, err = fl.Wait(ctx)
		shown = append(shown, errorTexts(want(t, err, map[bool]error{true: devicecode.ErrAccessDenied, false: devicecode.ErrExpiredToken}[deny]))...)
	}
	for _, cfg := range []cohesity.Config{{Username: "admin", Password: markPassword + "-wrong"}, {APIKey: markAPIKey}} {
		cfg.BaseURL, cfg.Domain = fake.URL, domain
		refused, err := cohesity.New(cfg, opts...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = refused.Start(ctx)
		shown = append(shown, errorTexts(want(t, err, devicecode.ErrUnauthorized))...)
	}
	return shown
}

// TestVeeamFlowHidesSecrets signs in to VB365 with a password, waits
// through a 503, adds the organization, outlives a server restart (401,
// then a refresh) and has a wrong password refused.
func TestVeeamFlowHidesSecrets(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: markPassword, TokenLifetime: 90 * time.Second})
	t.Cleanup(fake.Close)
	fake.ApproveAfterChecks(3)
	fake.FailNext("check", 1, 503, 0)
	var logs flowLog
	opts := []devicecode.Option{devicecode.WithClock(clk), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger())}
	c, err := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: markPassword,
		Target: veeam.NewOrganization(veeam.RegionWorldwide)}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	out, err := fl.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fake.RevokeTokens(false)
	org, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{Region: veeam.RegionWorldwide}, out.UserCode)
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: markPassword + "-wrong",
		Target: veeam.NewOrganization("")}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.Start(ctx)
	shown := errorTexts(want(t, err, devicecode.ErrUnauthorized))
	for _, v := range []any{c, *c, org, wrong} {
		shown = append(shown, render(v, true)...)
	}
	shown = append(shown, render(dc, false)...)
	logs.nonEmpty(t)
	shown = append(shown, logs.renderings()...)
	hidden(t, "veeam", shown, markPassword)
	hiddenRE(t, "veeam", shown, veeamTokens)
}
