package scale

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/devicetest"
)

// t0 is when every fake-clock flow starts.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// conns caps the connections to the fake, as a production client shares
// one transport: 10,000 flows due at the same instant queue for them
// instead of opening 10,000 sockets.
const conns = 64

// plan is a run: flows split into waves; wave w (from 0) is approved
// every*(w+1) intervals minus half an interval after its flows start, so
// each approval falls between two polls and the RFC minimum of a flow in
// wave w is every*(w+1) token requests.
type plan struct {
	flows, waves, every int
	interval            time.Duration
}

// wave is the wave of flow i: contiguous blocks of flows/waves.
func (p plan) wave(i int) int { return i * p.waves / p.flows }

// approveAt is when wave w is approved, from the start of its flows.
func (p plan) approveAt(w int) time.Duration {
	return time.Duration(p.every*(w+1))*p.interval - p.interval/2
}

// members lists the flows of wave w.
func (p plan) members(w int) []int {
	var out []int
	for i := range p.flows {
		if p.wave(i) == w {
			out = append(out, i)
		}
	}
	return out
}

// due lists the flows of the waves approved by elapsed and not before.
func (p plan) due(from, elapsed time.Duration) []int {
	var out []int
	for i := range p.flows {
		if at := p.approveAt(p.wave(i)); at > from && at <= elapsed {
			out = append(out, i)
		}
	}
	return out
}

// rfcMinimum is the fewest token requests that can see an approval given
// at age when the first poll waits one interval (RFC 8628 §3.5):
// ⌈age/interval⌉, at least one — vendortest.RFCMinimum, which this
// package may not import.
func rfcMinimum(age, interval time.Duration) int {
	return max(int((age+interval-1)/interval), 1)
}

// approvals remembers when each flow was approved, by user code.
type approvals struct {
	codes []string    // user code of flow i
	start []time.Time // when flow i's polling began
	at    []time.Time // when flow i was approved
	srv   *devicetest.Server
	// peak is the run's heap watch; pending is its peak while every flow
	// was still pending, taken at the first approval.
	peak    *peakWatch
	pending heapSample
}

func newApprovals(srv *devicetest.Server, flows int, peak *peakWatch) *approvals {
	return &approvals{codes: make([]string, flows), start: make([]time.Time, flows), at: make([]time.Time, flows),
		srv: srv, peak: peak}
}

func (a *approvals) approve(flows []int, now time.Time) error {
	if len(flows) > 0 && a.pending.inuse == 0 {
		a.pending = a.peak.pendingPeak()
	}
	for _, i := range flows {
		if err := a.srv.Approve(a.codes[i]); err != nil {
			return err
		}
		a.at[i] = now
	}
	return nil
}

// minimum is the RFC minimum summed over the flows.
func (a *approvals) minimum(interval time.Duration) int {
	n := 0
	for i := range a.at {
		n += rfcMinimum(a.at[i].Sub(a.start[i]), interval)
	}
	return n
}

// tokenRequests counts the device-grant requests the fake received.
func tokenRequests(srv *devicetest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Path == "/oauth/token" && r.Form.Get("grant_type") == deviceflow.GrantType {
			n++
		}
	}
	return n
}

func newTransport() *http.Transport {
	return &http.Transport{MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
}

// parallel runs fn for 0..n-1 on conns workers and returns the first
// error; the workers are gone when it returns.
func parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(conns, n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && !failed.Load() && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = fmt.Errorf("flow %d: %w", i, err) })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}

// finished returns the first flow error, if any.
func finished(errs []error) error {
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("flow %d did not finish: %w", i, err)
		}
	}
	return nil
}
