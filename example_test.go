package devicecode_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/normalize"
)

// The engine under a vendor package, for an RFC 8628 server of one's own:
// a Flow from the device code and a poll of the token endpoint, the
// prompt, then Wait. The fake clock only keeps the example fast.
func Example() {
	polls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		polls++
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if polls < 3 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"authorization_pending","error_description":"..."}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"TOKEN","token_type":"Bearer","expires_in":7200,"scope":"read"}`)
	}))
	defer srv.Close()

	clk := fakeclock.NewAuto(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	dc := &normalize.DeviceCode{ // from the vendor package's device request
		Vendor:          normalize.GitLab,
		DeviceCode:      "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
		UserCode:        "0A44L90H",
		VerificationURI: "https://gitlab.example.com/oauth/device",
		ExpiresIn:       5 * time.Minute,
		ExpiresAt:       clk.Now().Add(5 * time.Minute),
		Interval:        5 * time.Second,
	}
	tp := &tokenPoller{TokenURL: srv.URL + "/oauth/token", ClientID: "my-app", Clock: clk}
	poll := tp.PollFunc(dc)

	ctx := context.Background()
	fl, err := devicecode.NewFlow(dc, func(ctx context.Context) (*devicecode.Outcome, error) {
		tok, err := poll(ctx)
		if err != nil {
			return nil, err
		}
		return &devicecode.Outcome{Vendor: dc.Vendor, Token: tok}, nil
	}, devicecode.WithClock(clk))
	if err != nil {
		fmt.Println(err)
		return
	}
	// WithClock: the "(in 5m0s)" is counted on the flow's clock.
	_ = devicecode.TextPrompter(os.Stdout, devicecode.WithClock(clk)).Prompt(ctx, fl.Prompt())
	out, err := fl.Wait(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Token.TokenType, out.Token.Extra("scope"), "after", polls, "polls")
	// Output:
	// To sign in to GitLab at gitlab.example.com, open
	//
	//     https://gitlab.example.com/oauth/device
	//
	// and enter the code
	//
	//     0A44L90H
	//
	// The code expires at 12:05:00 UTC (in 5m0s).
	// Bearer read after 3 polls
}

// A web backend that polls once per browser request ("done yet?") and keeps
// the flow state between requests, e.g. in a session store.
func ExamplePoller_PollOnce() {
	clk := fakeclock.New(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	dc := &normalize.DeviceCode{Vendor: normalize.Veeam, UserCode: "ABCD-EFGH",
		VerificationURI: "https://microsoft.com/devicelogin", ExpiresIn: 15 * time.Minute,
		ExpiresAt: clk.Now().Add(15 * time.Minute), Interval: 5 * time.Second}
	checks := 0
	check := func(ctx context.Context) (bool, error) { // e.g. Veeam's POST /DeviceCode/check
		checks++
		if checks < 2 {
			return false, devicecode.ErrAuthorizationPending
		}
		return true, nil
	}
	p, _ := devicecode.NewPoller(dc, check, devicecode.WithClock(clk))
	for range 3 { // three browser requests, 5 s apart
		clk.Advance(5 * time.Second)
		ok, err := p.PollOnce(context.Background())
		switch {
		case errors.Is(err, devicecode.ErrAuthorizationPending), errors.Is(err, devicecode.ErrTooEarly):
			fmt.Println("not yet; next check due at", p.State().NextPollAt.Format(time.TimeOnly))
		case err != nil:
			fmt.Println("failed:", err)
		default:
			fmt.Println("authenticated:", ok, "after", checks, "checks")
			return
		}
	}
	// Output:
	// not yet; next check due at 12:00:10
	// authenticated: true after 2 checks
}
