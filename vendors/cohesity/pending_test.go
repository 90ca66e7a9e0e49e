package cohesity_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// A Client keeps nothing of the flows it starts — a flow is all in its
// Flow and State — so a backend that starts many sign-ins nobody finishes
// does not grow it: a flow abandoned until it expired ends without a
// request when resumed, and a flow still valid, saved among them, is
// finished later.
func TestAbandonedFlows(t *testing.T) {
	clk := fakeclock.New(t0)
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Lifetime: time.Minute})
	defer fake.Close()
	c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey, Domain: domain}, devicecode.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	abandoned, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * time.Second)
	kept, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(32 * time.Second) // abandoned expired 2 s ago; kept has 28 s left
	if _, err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	old, err := c.Resume(abandoned.State())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.PollOnce(ctx); !errors.Is(err, devicecode.ErrExpiredToken) || len(polls(fake)) != 0 {
		t.Errorf("the expired flow: %v after %d polls, want ErrExpiredToken without one", err, len(polls(fake)))
	}
	valid, err := c.Resume(kept.State())
	if err != nil {
		t.Fatal(err)
	}
	_ = fake.Approve(valid.Prompt().UserCode)
	if out, err := valid.PollOnce(ctx); err != nil || out.Token == nil {
		t.Errorf("the valid flow: %v, %v; want its token", out, err)
	}
}
