package gitlab_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/gitlab"
)

// rfcMinimum is the fewest token requests that can see an approval at
// approve when the first poll waits one interval (the engine's default):
// ⌈approve/interval⌉, at least one.
func rfcMinimum(approve, interval time.Duration) int {
	return max(int((approve+interval-1)/interval), 1)
}

// TestEfficiency measures the figures of merit through the vendor
// package: token requests per flow over the RFC minimum (want 1.00) and
// approval-to-token latency (want ≤ interval + 50 ms), in fake time.
func TestEfficiency(t *testing.T) {
	for _, interval := range []int{5, 7} {
		for _, approve := range []time.Duration{0, time.Second, 4900 * time.Millisecond, 5 * time.Second,
			12 * time.Second, time.Minute, 299 * time.Second} {
			iv := time.Duration(interval) * time.Second
			t.Run(fmt.Sprintf("interval=%s/approve=%s", iv, approve), func(t *testing.T) {
				e := setup(t, gitlab.Config{})
				e.interval = interval
				e.setDecide(e.approveAfter(approve))
				ctx := ctxTimeout(t)
				dc, err := e.client.Start(ctx, "read_user")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.client.Wait(ctx, dc); err != nil {
					t.Fatal(err)
				}
				requests, minimum := len(e.pollTimes()), rfcMinimum(approve, iv)
				latency := e.clk.Now().Sub(t0.Add(approve))
				ratio := float64(requests) / float64(minimum)
				t.Logf("gitlab: requests %d / RFC minimum %d = %.2f; approval-to-token latency %s", requests, minimum, ratio, latency)
				if ratio != 1 || latency > iv+50*time.Millisecond {
					t.Errorf("ratio %.2f, latency %s; want 1.00 and ≤ %s", ratio, latency, iv+50*time.Millisecond)
				}
			})
		}
	}
}
