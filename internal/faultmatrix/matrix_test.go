package faultmatrix

import (
	"cmp"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/internal/golden"
)

// The file the run writes with -update and compares with otherwise.
const tablePath = "../../docs/fault-matrix.md"

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// interval is the fakes' polling interval. requestTimeout is the
// caller's deadline on the request StallTimeout holds at start and
// completion, where the SDK's own bound is DefaultRequestTimeout (2 min
// in real time); pollTimeout is the SDK's WithPollTimeout in the wait
// cell, in real time too, so that it bounds every poll of that cell with
// room to spare on a loaded machine.
const (
	interval       = 5 * time.Second
	requestTimeout = 300 * time.Millisecond
	pollTimeout    = 2 * time.Second
)

// settleGuard bounds, in real time, the wait for a cell's goroutines to
// end; a cell reaches it only when one is left behind.
const settleGuard = 10 * time.Second

// The steps of a sign-in.
const (
	stepStart = iota
	stepWait
	stepComplete
)

var stepNames = [...]string{"start", "wait", "completion"}

// row is one cell of the table.
type row struct {
	vendor, step, fault, outcome string
	requests, min, after, left   int
}

func TestFaultMatrix(t *testing.T) {
	certs, err := NewCerts()
	if err != nil {
		t.Fatal(err)
	}
	faults := append([]Fault{None}, Faults()...)
	rows := make([]row, 0, len(vendors)*3*len(faults))
	var mu sync.Mutex
	t.Run("cells", func(t *testing.T) {
		for _, v := range vendors {
			for s := range stepNames {
				for _, f := range faults {
					t.Run(v.name+"/"+stepNames[s]+"/"+f.String(), func(t *testing.T) {
						t.Parallel()
						r, problems := runCell(t, v, s, f, certs, cellOpts{})
						for _, p := range problems {
							t.Error(p)
						}
						mu.Lock()
						rows = append(rows, r)
						mu.Unlock()
					})
				}
			}
		}
	})
	golden.Check(t, tablePath, render(order(rows, faults)))
}

// cell is one run: a vendor's flow up to the step under test, with the
// fault armed for that step only.
type cell struct {
	t     *testing.T
	id    string // the pprof label of the flow's goroutines
	v     vendor
	step  int
	fault Fault
	clk   *fakeclock.Clock
	proxy *Proxy
	flow  flow
	armAt int       // index of the step's first exchange
	ended time.Time // the cell's clock when the step returned

	mu       sync.Mutex
	retries  []error // the engine's EventRetry causes
	problems []string
}

// cellOpts vary a cell for the proofs that its checks can fail.
type cellOpts struct {
	// wrap replaces the vendor's flow with a misbehaving one.
	wrap func(c *cell, f flow) flow
	// guard replaces settleGuard.
	guard time.Duration
}

var cellSeq atomic.Int64

// runCell runs one cell and returns its row and what it found wrong.
// Setup failures end the test at once.
func runCell(t *testing.T, v vendor, step int, f Fault, certs *Certs, o cellOpts) (row, []string) {
	c := &cell{t: t, v: v, step: step, fault: f, clk: fakeclock.NewAuto(t0)}
	c.id = fmt.Sprintf("%d", cellSeq.Add(1))
	upstream, mk := v.fake(t, c.clk)
	if f != WrongCA {
		certs = nil
	}
	p, err := NewProxy(upstream, c.clk, certs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	c.proxy = p
	c.flow = mk(p.URL, c.client(certs), c.pollOptions()...)
	if o.wrap != nil {
		c.flow = o.wrap(c, c.flow)
	}
	err = c.run()
	guard := cmp.Or(o.guard, settleGuard)
	return c.judge(err, c.settle(guard)), c.problems
}

// run runs the flow up to the step under test, its goroutines (and theirs)
// labelled with the cell's id, so that settle can find the ones left.
func (c *cell) run() (err error) {
	// A guard, not a timing: a cell that hangs fails instead of stalling
	// the run.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pprof.Do(ctx, pprof.Labels(cellLabel, c.id), func(ctx context.Context) {
		steps := []func(context.Context) error{c.flow.start, c.flow.wait, c.flow.complete}
		for i := 0; i < c.step; i++ {
			if err := steps[i](ctx); err != nil {
				c.t.Fatalf("%s before the fault: %v", stepNames[i], err)
			}
		}
		c.armAt = len(c.proxy.Exchanges())
		if c.fault != None {
			c.proxy.Arm(Plan{Fault: c.fault, Match: suffix(c.v.paths[c.step]), ErrorBody: c.v.errorBody,
				SlowDownBody: c.v.slowDown, Stall: 2 * interval})
		}
		err = steps[c.step](ctx)
		c.ended = c.clk.Now()
	})
	if ctx.Err() != nil {
		c.t.Fatalf("the step outlived its context: %v", err)
	}
	return err
}

// sdkTimeout reports whether the cell tests the SDK's own poll timeout:
// the wait with a stalled poll.
func (c *cell) sdkTimeout() bool { return c.step == stepWait && c.fault == StallTimeout }

// pollOptions are the engine's options for the cell: deterministic
// backoff and, for the stalled poll, the SDK's short poll timeout with an
// observer that records why it retried.
func (c *cell) pollOptions() []devicecode.Option {
	opts := slices.Clone(pollOpts)
	if c.sdkTimeout() {
		opts = append(opts, devicecode.WithPollTimeout(pollTimeout), devicecode.WithObserver(c.observe))
	}
	return opts
}

func (c *cell) observe(_ context.Context, e devicecode.Event) {
	if e.Kind == devicecode.EventRetry {
		c.mu.Lock()
		c.retries = append(c.retries, e.Err)
		c.mu.Unlock()
	}
}

func (c *cell) fail(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// client is the integrator's *http.Client: one connection per request
// (see Proxy), the trusted CA for TLS cells, no Timeout (the SDK's
// defaults apply) except the caller's deadline on a request stalled at
// start or completion.
func (c *cell) client(certs *Certs) *http.Client {
	tr := &http.Transport{DialContext: c.proxy.DialContext, DisableKeepAlives: true}
	if certs != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: certs.Roots, MinVersion: tls.VersionTLS12}
	}
	if c.fault == StallTimeout && !c.sdkTimeout() {
		return &http.Client{Transport: &deadline{base: tr, p: c.proxy}}
	}
	return &http.Client{Transport: tr}
}

// deadline gives the request the stall will hold a requestTimeout, as an
// integrator's http.Client.Timeout would (the SDK's own bound here is
// DefaultRequestTimeout, 2 min). Only that request: a real-time limit on
// the others would make the matrix depend on the machine's load.
type deadline struct {
	base http.RoundTripper
	p    *Proxy
}

func (d *deadline) RoundTrip(req *http.Request) (*http.Response, error) {
	if !d.p.WillHit(req.Method, req.URL.Path) {
		return d.base.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), requestTimeout)
	resp, err := d.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	defer c.cancel()
	return c.ReadCloser.Close()
}

func suffix(s string) func(method, path string) bool {
	return func(_, path string) bool { return strings.HasSuffix(path, s) }
}
