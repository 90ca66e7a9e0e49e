package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
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
	approve := func(code string) error { s.Approve(code); return nil }
	deny := func(code string) error { s.Deny(code); return nil }
	set := demoSetup{fake: s, base: s.URL, decide: brokeredPerson(sc, approve, deny), expected: sc.expected}
	if name == "deny" {
		// VB365 documents no "declined" answer; the fake's stand-in is a
		// 400 to every further check, which must end the flow at once.
		set.expected = func(err error) bool {
			return err != nil && !errors.Is(err, deviceflow.ErrExpiredToken) && !deviceflow.IsTransient(err)
		}
	}
	return set
}

// veeamDemo adds a Microsoft 365 organization to VB365: the sign-in, then
// the completion step that spends the user code.
func veeamDemo(base string, clk clock.Clock, hc *http.Client) (demoFlow, error) {
	c, err := veeam.New(veeam.Config{BaseURL: base, Username: demoVeeamUser, Password: demoVeeamPassword},
		veeam.WithClock(clk), veeam.WithHTTPClient(hc))
	if err != nil {
		return demoFlow{}, err
	}
	return demoFlow{
		start: func(ctx context.Context) (*normalize.DeviceCode, error) {
			return c.Start(ctx, veeam.NewOrganization(veeam.Worldwide))
		},
		wait: func(ctx context.Context, dc *normalize.DeviceCode) (string, error) {
			userCode, err := c.Wait(ctx, dc)
			if err != nil {
				return "", err
			}
			org, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{Region: veeam.Worldwide}, userCode)
			if err != nil {
				return "", err
			}
			v, _ := c.APIVersion(ctx)
			return fmt.Sprintf("signed in; organization %s added to VB365 (REST %s)", org.Name, v), nil
		},
	}, nil
}
