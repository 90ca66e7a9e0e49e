package gitlab_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// A web backend keeps its pending sign-ins in a table, with no goroutine
// each: one loop polls those that are due and drops the finished ones.
// To survive a restart it would store fl.State() (it marshals to JSON) and
// continue with c.Resume, in this process or another. The fake GitLab and clock keep the example
// hermetic; a real backend has gitlab.New(cfg) and a time.Ticker.
func ExampleClient_Start_backend() {
	clk := fakeclock.New(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	srv := devicetest.NewGitLab(devicetest.Options{Clock: clk, Person: devicetest.ApproveAfter(12 * time.Second)})
	defer srv.Close()
	c, err := gitlab.New(gitlab.Config{BaseURL: srv.URL, ClientID: "your-application-id"}, devicecode.WithClock(clk))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	pending := map[string]*devicecode.Flow{} // by browser session
	for _, session := range []string{"alice", "bob"} {
		fl, err := c.Start(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		// The session's page shows fl.Prompt(): the URI and the user code.
		pending[session] = fl
		if session == "bob" {
			_ = srv.Deny(fl.Prompt().UserCode) // bob declines in his browser
		}
	}

	start := clk.Now()
	for len(pending) > 0 {
		clk.Advance(time.Second) // the ticker
		for _, session := range slices.Sorted(maps.Keys(pending)) {
			p := pending[session]
			if clk.Now().Before(p.State().NextPollAt) {
				continue
			}
			out, err := p.PollOnce(ctx)
			switch {
			case devicecode.IsPending(err):
				// Keep it; a backend would store p.State() here.
			case errors.Is(err, devicecode.ErrAccessDenied):
				fmt.Println(session, "declined after", clk.Now().Sub(start))
				delete(pending, session)
			case err != nil:
				fmt.Println(session, "failed:", err)
				delete(pending, session)
			default:
				fmt.Println(session, "signed in after", clk.Now().Sub(start), out.Token.Type())
				delete(pending, session)
			}
		}
	}
	// Output:
	// bob declined after 5s
	// alice signed in after 15s Bearer
}
