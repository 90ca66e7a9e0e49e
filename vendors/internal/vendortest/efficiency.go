package vendortest

import (
	"fmt"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
)

// RFCMinimum is the fewest token requests that can see an approval at
// approve when the first poll waits one interval (the engine's default):
// ⌈approve/interval⌉, at least one.
func RFCMinimum(approve, interval time.Duration) int {
	return max(int((approve+interval-1)/interval), 1)
}

// Setup starts the vendor's devicetest fake with opts (adding what the
// vendor needs, such as a BasePath) and returns it with a client that runs
// on opts.Clock and sends with the fake's client.
type Setup func(t *testing.T, opts devicetest.Options) (*devicetest.Server, devicecode.Client)

// Efficiency measures the figures of merit through a vendor package: token
// requests per flow over the RFC minimum (want 1.00) and approval-to-token
// latency (want ≤ interval + 50 ms), in fake time, for approvals from at
// once to the last a client can redeem: one interval before the code's
// lifetime ends, when the fake (as GitLab and Entra) answers expired_token
// even for an approved code. vendor names the figures in the log.
func Efficiency(t *testing.T, vendor string, lifetime time.Duration, setup Setup) {
	for _, iv := range []time.Duration{5 * time.Second, 7 * time.Second} {
		for _, approve := range []time.Duration{0, time.Second, 4900 * time.Millisecond, 5 * time.Second,
			12 * time.Second, time.Minute, lifetime - iv} {
			t.Run(fmt.Sprintf("interval=%s/approve=%s", iv, approve), func(t *testing.T) {
				clk := fakeclock.NewAuto(T0)
				s, c := setup(t, devicetest.Options{Clock: clk, Interval: iv, Person: devicetest.ApproveAfter(approve)})
				ctx := Context(t)
				fl, err := c.Start(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := fl.Wait(ctx); err != nil {
					t.Fatal(err)
				}
				requests, minimum := len(Polls(s)), RFCMinimum(approve, iv)
				latency := clk.Now().Sub(T0.Add(approve))
				ratio := float64(requests) / float64(minimum)
				t.Logf("%s: requests %d / RFC minimum %d = %.2f; approval-to-token latency %s", vendor, requests, minimum, ratio, latency)
				if ratio != 1 || latency > iv+50*time.Millisecond {
					t.Errorf("ratio %.2f, latency %s; want 1.00 and ≤ %s", ratio, latency, iv+50*time.Millisecond)
				}
			})
		}
	}
}
