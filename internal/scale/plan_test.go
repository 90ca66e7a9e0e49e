package scale

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/devicetest"
)

// t0 is when the first fake-clock flow starts.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// conns caps the connections to the fake, as a production client shares
// one transport: flows due at the same instant queue for them instead of
// opening a socket each.
const conns = 64

// ticks is how many steps an interval takes: the fake clock moves one
// tick at a time, and the spread shape starts its flows over that many.
const ticks = 100

// plan is a run: flows split into waves; wave w (from 0) is approved
// every*(w+1) intervals minus half an interval after its flows start, so
// each approval falls between two polls and the RFC minimum of a flow in
// wave w is every*(w+1) token requests.
type plan struct {
	flows, waves, every int
	interval            time.Duration
	// spread starts the flows evenly over one interval, tick by tick, as
	// people arrive; without it every flow starts at once (the burst).
	spread bool
}

func (p plan) tick() time.Duration { return p.interval / ticks }

// shape names the plan's arrival shape: the prefix of its figures.
func (p plan) shape() string {
	if p.spread {
		return ""
	}
	return "burst-"
}

// wave is the wave of flow i: contiguous blocks of flows/waves.
func (p plan) wave(i int) int { return i * p.waves / p.flows }

// approveAt is when wave w is approved, from the start of its flows.
func (p plan) approveAt(w int) time.Duration {
	return time.Duration(p.every*(w+1))*p.interval - p.interval/2
}

// startAt, approvalAt and endAt are when flow i starts, is approved and
// sees its approval (the RFC minimum of polls, one interval apart), from
// the start of the run.
func (p plan) startAt(i int) time.Duration {
	if !p.spread {
		return 0
	}
	return time.Duration(i*ticks/p.flows) * p.tick()
}

func (p plan) approvalAt(i int) time.Duration { return p.startAt(i) + p.approveAt(p.wave(i)) }

func (p plan) endAt(i int) time.Duration {
	return p.startAt(i) + time.Duration(p.every*(p.wave(i)+1))*p.interval
}

// last is when the last flow ends: it starts last, in the last wave.
func (p plan) last() time.Duration { return p.endAt(p.flows - 1) }

// between lists the flows whose at falls in (from, to].
func (p plan) between(at func(int) time.Duration, from, to time.Duration) []int {
	var out []int
	for i := range p.flows {
		if t := at(i); t > from && t <= to {
			out = append(out, i)
		}
	}
	return out
}

// endedBy counts the flows that have seen their approval by elapsed.
func (p plan) endedBy(elapsed time.Duration) int {
	n := 0
	for i := range p.flows {
		if p.endAt(i) <= elapsed {
			n++
		}
	}
	return n
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
	srv   *fake
	// peak is the run's heap watch; pending is its peak while every flow
	// was still pending, taken at the first approval.
	peak    *peakWatch
	pending heapSample
}

func newApprovals(srv *fake, flows int, peak *peakWatch) *approvals {
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

// fake is the GitLab fake of a run with no request log, which would
// outweigh what is measured; it counts the token requests instead (the
// run sends no other kind to the token endpoint: no refresh).
type fake struct {
	*devicetest.Server
	tokens atomic.Int64
}

func newFake(clk clock.Clock, interval time.Duration) *fake {
	f := &fake{}
	f.Server = devicetest.NewGitLab(devicetest.Options{Clock: clk, Interval: interval, DiscardRequests: true,
		Intercept: func(_ http.ResponseWriter, r *http.Request) bool {
			if strings.HasSuffix(r.URL.Path, "/oauth/token") {
				f.tokens.Add(1)
			}
			return false
		}})
	return f
}

func (f *fake) tokenRequests() int { return int(f.tokens.Load()) }

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

// firstError keeps the first of the errors that end flows, so that the
// cancellation it triggers is not what the run reports.
type firstError struct {
	once sync.Once
	err  error
}

func (f *firstError) set(i int, err error) {
	f.once.Do(func() { f.err = fmt.Errorf("flow %d did not finish: %w", i, err) })
}
