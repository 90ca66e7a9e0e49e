package demo

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// The demo's VB365 account on the fake.
const demoVeeamUser, demoVeeamPassword = "admin", "demo-password"

// veeamSetup runs the scenario's script on the VB365 fake, as on the
// OAuth vendors'. VB365 brokers the sign-in and has no slow_down of its
// own: the fake words it as a 429 with Retry-After, how it asks a client
// to poll more slowly.
func veeamSetup(name string, clk clock.Clock) demoSetup {
	sc := scenarios[name]
	s := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Username: demoVeeamUser, Password: demoVeeamPassword,
		Script: sc.opts.Script, RetryAfter: sc.opts.RetryAfter, CodeLifetime: sc.opts.Lifetime})
	set := demoSetup{fake: s, base: s.URL, decide: brokeredPerson(sc, s.Approve, s.Deny), expected: sc.expected,
		served: servedOf(s.Requests, func(r devicetest.VeeamRequest) served { return served{r.At, r.Path, r.Status} })}
	if name == "deny" {
		set.expected, set.describe = veeamDeclined, describeVeeamDeclined
	}
	return set
}

// veeamDeclinedMessage is the fake's answer to every check of a declined
// code (devicetest's VeeamServer.Deny): HTTP 400, no errorCode. VB365
// documents no "declined" answer (UNVERIFIED); a 400 is how it answers a
// declined or refused code.
const veeamDeclinedMessage = devicetest.VeeamDeclinedMessage

// veeamDeclined reports whether the flow ended in exactly that refusal:
// another 400 (a code the server does not know, a validation error) is
// not the person declining.
func veeamDeclined(err error) bool {
	var ve *veeam.Error
	return errors.As(err, &ve) && ve.StatusCode == http.StatusBadRequest && ve.ErrorCode == "" &&
		ve.OAuthCode == "" && ve.Message == veeamDeclinedMessage
}

// describeVeeamDeclined says in words what the 400 means.
func describeVeeamDeclined(err error) string {
	if !veeamDeclined(err) {
		return err.Error()
	}
	return "sign-in refused (VB365 answers HTTP 400 for a declined or refused code): " + err.Error()
}

// veeamDemo adds a Microsoft 365 organization to VB365: the sign-in, then
// the completion step that spends the approved user code.
func veeamDemo(base string, opts ...devicecode.Option) (devicecode.Client, completion, error) {
	c, err := veeam.New(veeam.Config{BaseURL: base, Username: demoVeeamUser, Password: demoVeeamPassword,
		Target: veeam.NewOrganization(veeam.RegionWorldwide)}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return c, func(ctx context.Context, out *devicecode.Outcome) (string, error) {
		org, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{Region: veeam.RegionWorldwide}, out.UserCode)
		if err != nil {
			return "", err
		}
		v, _ := c.APIVersion(ctx)
		return fmt.Sprintf("signed in; organization %s added to VB365 (REST %s)", org.Name, v), nil
	}, nil
}
