package cohesity_test

import (
	"context"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// A code started and abandoned is forgotten once it expires, so a backend
// that starts many sign-ins nobody finishes does not grow the client; a
// code still valid is kept.
func TestAbandonedCodesForgotten(t *testing.T) {
	clk := fakeclock.New(t0)
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Lifetime: time.Minute})
	defer fake.Close()
	c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey}, cohesity.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	abandoned, err := c.Start(ctx, domain)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * time.Second)
	kept, err := c.Start(ctx, domain)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(31 * time.Second) // abandoned expired; kept has 29 s left
	if _, err := c.Start(ctx, domain); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Poller(abandoned); err == nil {
		t.Error("an expired, abandoned code is still remembered")
	}
	if _, err := c.Poller(kept); err != nil {
		t.Errorf("a valid code was forgotten: %v", err)
	}
}
