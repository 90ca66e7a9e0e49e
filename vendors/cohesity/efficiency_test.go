package cohesity_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestEfficiency reports the polls a flow costs over the RFC minimum
// (⌈approval/interval⌉; want 1.00) and the approval-to-token latency (want
// at most one interval), in fake time, for approvals from at once to 895 s,
// the last one both intervals can still see within the 900 s lifetime
// (the engine never polls faster than the interval, even at expiry).
func TestEfficiency(t *testing.T) {
	for _, iv := range []time.Duration{5 * time.Second, 7 * time.Second} {
		for _, approve := range []time.Duration{0, time.Second, 5 * time.Second, 12 * time.Second, time.Minute, 895 * time.Second} {
			t.Run(fmt.Sprintf("interval=%s/approve=%s", iv, approve), func(t *testing.T) {
				clk := fakeclock.NewAuto(t0)
				fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Interval: iv})
				t.Cleanup(fake.Close)
				var userCode string
				// The person approves at t0+approve: the observer, called
				// after each poll, approves when the next poll is at or past it.
				observe := func(_ context.Context, e devicecode.Event) {
					if e.Kind == devicecode.EventPoll && !clk.Now().Add(iv).Before(t0.Add(approve)) {
						_ = fake.Approve(userCode)
					}
				}
				c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey, Domain: domain},
					devicecode.WithClock(clk), devicecode.WithObserver(observe))
				if err != nil {
					t.Fatal(err)
				}
				fl, err := c.Start(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				userCode = fl.Prompt().UserCode
				if approve <= iv { // before the first poll
					_ = fake.Approve(userCode)
				}
				if _, err := fl.Wait(context.Background()); err != nil {
					t.Fatal(err)
				}
				n, minimum := len(polls(fake)), vendortest.RFCMinimum(approve, iv)
				latency := clk.Now().Sub(t0.Add(approve))
				t.Logf("cohesity: %d polls, RFC minimum %d (%.2f×), latency %s", n, minimum, float64(n)/float64(minimum), latency)
				if n != minimum || latency > iv {
					t.Errorf("%d polls (minimum %d), latency %s (interval %s)", n, minimum, latency, iv)
				}
			})
		}
	}
}
