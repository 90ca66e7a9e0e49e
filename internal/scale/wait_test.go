package scale

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// runWait is devicecode's Wait: one goroutine per flow, as a CLI or a
// desktop app runs it, on a manual fake clock moved half an interval at a
// time once every flow is asleep.
func runWait(ctx context.Context, p plan) (figures, error) {
	goroutines := runtime.NumGoroutine()
	clk := newStepClock()
	srv := devicetest.NewGitLab(devicetest.Options{Clock: clk, Interval: p.interval})
	tr := newTransport()
	f, err := waitFlows(ctx, p, clk, srv, tr)
	srv.Close()
	tr.CloseIdleConnections()
	f.leaked = leaked(goroutines)
	return f, err
}

func waitFlows(ctx context.Context, p plan, clk *stepClock, srv *devicetest.Server, tr *http.Transport) (figures, error) {
	c, err := gitlab.New(gitlab.Config{BaseURL: srv.URL, ClientID: "scale"},
		gitlab.WithClock(clk), gitlab.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		return figures{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The watch starts after the collection, so that the last variant's
	// garbage is not its first sample.
	base := live()
	peak := watchPeak("Wait")
	a := newApprovals(srv, p.flows, peak)
	dcs := make([]*normalize.DeviceCode, p.flows)
	err = parallel(ctx, p.flows, func(ctx context.Context, i int) (err error) {
		a.start[i] = clk.Now()
		dcs[i], err = c.Start(ctx, "read_user")
		if err == nil {
			a.codes[i] = dcs[i].UserCode
		}
		return err
	})
	if err != nil {
		peak.end()
		return figures{}, err
	}
	errs := make([]error, p.flows)
	var wg sync.WaitGroup
	for i, dc := range dcs {
		wg.Go(func() {
			defer clk.finish()
			_, errs[i] = c.Wait(ctx, dc)
		})
	}
	f, err := driveWait(ctx, p, clk, a, base, peak)
	if err != nil {
		cancel()
	}
	wg.Wait()
	f.runPeak, f.pending, f.base = peak.end(), a.pending, base.heap
	if err == nil {
		err = finished(errs)
	}
	f.requests, f.minimum = tokenRequests(srv), a.minimum(p.interval)
	return f, err
}

// driveWait measures the pending flows, then moves the clock and approves
// the waves until every flow has ended.
func driveWait(ctx context.Context, p plan, clk *stepClock, a *approvals, base snapshot, peak *peakWatch) (figures, error) {
	if err := clk.settle(ctx, p.flows); err != nil {
		return figures{}, err
	}
	f := figures{flows: p.flows}
	f.heapPerFlow, f.stackPerFlow = perFlow(base, live(), p.flows)
	step, last := p.interval/2, p.approveAt(p.waves-1)
	for elapsed := step; clk.done.Load() < int64(p.flows); elapsed += step {
		if elapsed > last+2*p.interval {
			return f, fmt.Errorf("%d flows still pending %s after the last approval", p.flows-int(clk.done.Load()), elapsed-last)
		}
		clk.Advance(step)
		if err := a.approve(p.due(elapsed-step, elapsed), clk.Now()); err != nil {
			return f, err
		}
		if err := clk.settle(ctx, p.flows); err != nil {
			return f, err
		}
		peak.sample()
	}
	return f, nil
}
