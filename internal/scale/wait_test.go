package scale

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// runWait is devicecode's Wait: one goroutine per flow, as a CLI or a
// desktop app runs it, on a fake clock moved a tick at a time once every
// flow is asleep.
func runWait(ctx context.Context, p plan) (figures, error) {
	goroutines := runtime.NumGoroutine()
	clk := fakeclock.New(t0)
	srv := newFake(clk, p.interval)
	tr := newTransport()
	f, err := waitFlows(ctx, p, clk, srv, tr)
	srv.Close()
	tr.CloseIdleConnections()
	f.leaked = leaked(goroutines)
	return f, err
}

func waitFlows(ctx context.Context, p plan, clk *fakeclock.Clock, srv *fake, tr *http.Transport) (figures, error) {
	c, err := gitlab.New(gitlab.Config{BaseURL: srv.URL, ClientID: "scale", Scopes: []string{"read_user"}},
		devicecode.WithClock(clk), devicecode.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		return figures{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The watch starts after the collection, so that the last variant's
	// garbage is not its first sample.
	base := live()
	peak := watchPeak(p.shape() + "Wait")
	a := newApprovals(srv, p.flows, peak)
	var wg sync.WaitGroup
	var failed firstError
	start := func(ctx context.Context, i int) error {
		a.start[i] = clk.Now()
		fl, err := c.Start(ctx)
		if err != nil {
			return err
		}
		a.codes[i] = fl.Prompt().UserCode
		wg.Go(func() {
			if _, err := fl.Wait(ctx); err != nil {
				failed.set(i, err)
				cancel()
			}
		})
		return nil
	}
	f := figures{flows: p.flows}
	started := 0
	err = runTicks(p, clk, a, func(elapsed time.Duration, starting []int) (bool, error) {
		if err := parallel(ctx, len(starting), func(ctx context.Context, j int) error { return start(ctx, starting[j]) }); err != nil {
			return false, err
		}
		started += len(starting)
		if err := settle(ctx, clk, started-p.endedBy(elapsed)); err != nil {
			return false, err
		}
		if started == p.flows && f.heapPerFlow == 0 {
			f.heapPerFlow, f.stackPerFlow = perFlow(base, live(), p.flows)
		}
		return elapsed >= p.last() && clk.Waiters() == 0, nil
	})
	if err != nil {
		cancel()
	}
	wg.Wait()
	f.runPeak, f.pending, f.base = peak.end(), a.pending, base.heap
	if failed.err != nil {
		err = failed.err
	}
	f.requests, f.minimum = srv.tokenRequests(), a.minimum(p.interval)
	return f, err
}

// settle waits until the flows still to end, asleep, are n: every flow
// polls one interval after its last poll, and a poll's answer ends it or
// puts it back to sleep, so once the clock's waiters reach n nothing moves
// until the clock does. A flow that ends with an error cancels ctx.
func settle(ctx context.Context, clk *fakeclock.Clock, n int) error {
	if err := clk.BlockUntil(ctx, n); err != nil {
		return fmt.Errorf("waiting for %d flows to sleep (%d do): %w", n, clk.Waiters(), err)
	}
	return nil
}
