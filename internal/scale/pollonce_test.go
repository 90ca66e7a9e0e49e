package scale

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"slices"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

type poller = devicecode.Flow

// runPollOnce keeps the pending flows in a table, as a web backend does,
// and one scheduler sends the polls that are due (Poller.PollOnce) through
// a few workers at each tick: no goroutine per flow. It reads each flow's
// State().NextPollAt after its poll.
func runPollOnce(ctx context.Context, p plan) (figures, error) {
	goroutines := runtime.NumGoroutine()
	clk := fakeclock.New(t0)
	srv := newFake(clk, p.interval)
	tr := newTransport()
	f, err := pollOnceFlows(ctx, p, clk, srv, tr)
	srv.Close()
	tr.CloseIdleConnections()
	f.leaked = leaked(goroutines)
	return f, err
}

func pollOnceFlows(ctx context.Context, p plan, clk *fakeclock.Clock, srv *fake, tr *http.Transport) (figures, error) {
	hc := &http.Client{Transport: tr}
	c, err := gitlab.New(gitlab.Config{BaseURL: srv.URL, ClientID: "scale", Scopes: []string{"read_user"}}, devicecode.WithClock(clk), devicecode.WithHTTPClient(hc))
	if err != nil {
		return figures{}, err
	}
	// The watch starts after the collection, so that the last variant's
	// garbage is not its first sample.
	base := live()
	peak := watchPeak(p.shape() + "PollOnce")
	a := newApprovals(srv, p.flows, peak)
	t := &table{pollers: make([]*poller, p.flows), next: make([]time.Time, p.flows), ended: make([]bool, p.flows)}
	start := func(ctx context.Context, i int) error {
		a.start[i] = clk.Now()
		fl, err := c.Start(ctx)
		if err != nil {
			return err
		}
		a.codes[i] = fl.Prompt().UserCode
		t.pollers[i], t.next[i] = fl, fl.State().NextPollAt
		return nil
	}
	f := figures{flows: p.flows}
	started := 0
	err = runTicks(p, clk, a, func(_ time.Duration, starting []int) (bool, error) {
		if err := parallel(ctx, len(starting), func(ctx context.Context, j int) error { return start(ctx, starting[j]) }); err != nil {
			return false, err
		}
		started += len(starting)
		t.pending = append(t.pending, starting...)
		if started == p.flows && f.heapPerFlow == 0 {
			f.heapPerFlow, f.stackPerFlow = perFlow(base, live(), p.flows)
		}
		err := t.pollDue(ctx, clk.Now())
		return started == p.flows && len(t.pending) == 0, err
	})
	f.runPeak, f.pending, f.base = peak.end(), a.pending, base.heap
	f.requests, f.minimum = srv.tokenRequests(), a.minimum(p.interval)
	return f, err
}

// table is a backend's pending sign-ins: each flow's Poller and when its
// next poll is due, and the flows not yet ended.
type table struct {
	pollers []*poller
	next    []time.Time
	ended   []bool
	pending []int
}

// pollDue sends PollOnce for every pending flow whose poll is due and
// keeps the flows still pending; any outcome but a token or
// authorization_pending is an error.
func (t *table) pollDue(ctx context.Context, now time.Time) error {
	var due []int
	for _, i := range t.pending {
		if !now.Before(t.next[i]) {
			due = append(due, i)
		}
	}
	err := parallel(ctx, len(due), func(ctx context.Context, j int) error {
		i := due[j]
		_, err := t.pollers[i].PollOnce(ctx)
		t.next[i], t.ended[i] = t.pollers[i].State().NextPollAt, err == nil
		if err != nil && !errors.Is(err, devicecode.ErrAuthorizationPending) {
			return err
		}
		return nil
	})
	t.pending = slices.DeleteFunc(t.pending, func(i int) bool { return t.ended[i] })
	return err
}
