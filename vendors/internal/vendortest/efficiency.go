package vendortest

import (
	"fmt"
	"testing"
	"time"
)

// RFCMinimum is the fewest token requests that can see an approval at
// approve when the first poll waits one interval (the engine's default):
// ⌈approve/interval⌉, at least one.
func RFCMinimum(approve, interval time.Duration) int {
	return max(int((approve+interval-1)/interval), 1)
}

// Efficiency measures the figures of merit through a vendor package: token
// requests per flow over the RFC minimum (want 1.00) and approval-to-token
// latency (want ≤ interval + 50 ms), in fake time, for approvals from at
// once to lastApproval (just before the code expires). setup returns a
// fresh server and a client for it; vendor names the figures in the log.
func Efficiency(t *testing.T, vendor string, lastApproval time.Duration, setup func(*testing.T) (*Server, Flow), scopes ...string) {
	for _, interval := range []int{5, 7} {
		for _, approve := range []time.Duration{0, time.Second, 4900 * time.Millisecond, 5 * time.Second,
			12 * time.Second, time.Minute, lastApproval} {
			iv := time.Duration(interval) * time.Second
			t.Run(fmt.Sprintf("interval=%s/approve=%s", iv, approve), func(t *testing.T) {
				s, c := setup(t)
				s.Interval = interval
				s.SetDecide(s.ApproveAfter(approve))
				ctx := Context(t)
				dc, err := c.Start(ctx, scopes...)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Wait(ctx, dc); err != nil {
					t.Fatal(err)
				}
				requests, minimum := len(s.PollTimes()), RFCMinimum(approve, iv)
				latency := s.Clock.Now().Sub(T0.Add(approve))
				ratio := float64(requests) / float64(minimum)
				t.Logf("%s: requests %d / RFC minimum %d = %.2f; approval-to-token latency %s", vendor, requests, minimum, ratio, latency)
				if ratio != 1 || latency > iv+50*time.Millisecond {
					t.Errorf("ratio %.2f, latency %s; want 1.00 and ≤ %s", ratio, latency, iv+50*time.Millisecond)
				}
			})
		}
	}
}
