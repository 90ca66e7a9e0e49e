package scale

import (
	"context"
	"testing"
	"time"
)

// TestPendingFlowsGuard is the benchmark's cheap regression check, in
// every go test ./...: 200 concurrent flows on the fake clock in each
// shape, each polling exactly the RFC minimum, and no goroutine left
// behind.
func TestPendingFlowsGuard(t *testing.T) {
	for name, run := range map[string]func(context.Context, plan) (figures, error){
		"Wait": runWait, "PollOnce": runPollOnce,
	} {
		for _, spread := range []bool{true, false} {
			p := fakePlan(200, spread)
			t.Run(p.shape()+name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				f, err := run(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				t.Log(f)
				if f.requests != f.minimum || f.leaked != 0 {
					t.Errorf("%d token requests for an RFC minimum of %d, %d goroutines leaked; want equal and none", f.requests, f.minimum, f.leaked)
				}
			})
		}
	}
}
