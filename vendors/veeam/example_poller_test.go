package veeam_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// A backup portal onboards a tenant across requests and restarts: it
// stores the Flow's State (JSON) with the tenant's row, and whichever
// process serves the next "done yet?" resumes it and polls once if due.
// That process's client knows the server, not the target: the State is
// all the flow needs. The fake VB365 and clock keep the example hermetic.
func ExampleClient_Resume() {
	clk := fakeclock.New(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	srv := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: "secret"})
	defer srv.Close()
	srv.ApproveAfterChecks(1)
	cfg := veeam.Config{BaseURL: srv.URL, Username: "admin", Password: "secret"}
	ctx := context.Background()

	// Request 1: start the sign-in, show the code, store the state.
	onboard := cfg
	onboard.Target = veeam.NewOrganization(veeam.RegionWorldwide)
	c, _ := veeam.New(onboard, devicecode.WithClock(clk))
	f, err := c.Start(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The page shows f.Prompt(): the user code and where to enter it.
	row, _ := json.Marshal(f.State()) // holds the user code: store it as a secret

	// Later requests, maybe in another process: resume, poll when due.
	for range 3 {
		clk.Advance(5 * time.Second)
		var st devicecode.State
		if err := json.Unmarshal(row, &st); err != nil {
			fmt.Println(err)
			return
		}
		c, _ := veeam.New(cfg, devicecode.WithClock(clk)) // no Target
		f, err := c.Resume(st)
		if err != nil {
			fmt.Println(err)
			return
		}
		out, err := f.PollOnce(ctx)
		row, _ = json.Marshal(f.State())
		switch {
		case devicecode.IsPending(err):
			fmt.Println("pending; next check at", f.State().NextPollAt.Format(time.TimeOnly))
			continue
		case err != nil:
			fmt.Println(err)
			return
		}
		org, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{}, out.UserCode)
		fmt.Println("organization added:", org != nil, err)
		return
	}
	// Output:
	// pending; next check at 09:00:10
	// organization added: true <nil>
}
