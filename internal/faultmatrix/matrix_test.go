package faultmatrix

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/internal/golden"
)

// The file the run writes with -update and compares with otherwise.
const tablePath = "../../docs/fault-matrix.md"

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// interval is the fakes' polling interval; requestTimeout the deadline
// of the request StallTimeout holds (the SDK has no request timeout).
const (
	interval       = 5 * time.Second
	requestTimeout = 300 * time.Millisecond
)

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
	requests, min, after         int
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
						r := runCell(t, v, s, f, certs)
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
	v     vendor
	step  int
	fault Fault
	proxy *Proxy
	flow  flow
	armAt int // index of the step's first exchange
}

func runCell(t *testing.T, v vendor, step int, f Fault, certs *Certs) row {
	c := &cell{t: t, v: v, step: step, fault: f}
	clk := fakeclock.NewAuto(t0)
	upstream, mk := v.fake(t, clk)
	if f != WrongCA {
		certs = nil
	}
	p, err := NewProxy(upstream, clk, certs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	c.proxy, c.flow = p, mk(p.URL, client(p, f, certs))
	// A guard, not a timing: a cell that hangs fails instead of stalling
	// the run.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	steps := []func(context.Context) error{c.flow.start, c.flow.wait, c.flow.complete}
	for i := 0; i < step; i++ {
		if err := steps[i](ctx); err != nil {
			t.Fatalf("%s before the fault: %v", stepNames[i], err)
		}
	}
	c.armAt = len(p.Exchanges())
	if f != None {
		p.Arm(Plan{Fault: f, Match: suffix(v.paths[step]), ErrorBody: v.errorBody, Stall: 2 * interval})
	}
	err = steps[step](ctx)
	if ctx.Err() != nil {
		t.Fatalf("the step outlived its context: %v", err)
	}
	return c.judge(err)
}

// client is the integrator's *http.Client: one connection per request
// (see Proxy), the trusted CA for TLS cells, and a request timeout for
// the cell that needs one.
func client(p *Proxy, f Fault, certs *Certs) *http.Client {
	tr := &http.Transport{DialContext: p.DialContext, DisableKeepAlives: true}
	if certs != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: certs.Roots, MinVersion: tls.VersionTLS12}
	}
	if f == StallTimeout {
		return &http.Client{Transport: &deadline{base: tr, p: p}}
	}
	return &http.Client{Transport: tr}
}

// deadline gives the request the stall will hold a requestTimeout, as an
// integrator's http.Client.Timeout would (the SDK has no request timeout
// of its own). Only that request: a real-time limit on the others would
// make the matrix depend on the machine's load.
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

// judge checks the cell's invariants and turns it into a row.
func (c *cell) judge(err error) row {
	all := c.proxy.Exchanges()
	window := all[c.armAt:]
	hit := faulted(window)
	if c.fault != None && hit < 0 {
		c.t.Fatalf("the fault was never injected (exchanges: %d)", len(window))
	}
	r := row{vendor: c.v.name, step: stepNames[c.step], fault: c.fault.String(), requests: len(window)}
	r.min = c.minimum(err, hit, window)
	r.outcome = c.outcome(err, window, hit)
	r.after = c.pollsAfter(all, err, hit)
	c.expect(err)
	if r.requests != r.min {
		c.t.Errorf("%d requests, the RFC minimum is %d", r.requests, r.min)
	}
	if r.after != 0 {
		c.t.Errorf("the code was polled %d times after its terminal answer", r.after)
	}
	if n := c.proxy.Other.Hits(); n != 0 {
		c.t.Errorf("the redirect was followed: %d requests reached the other origin", n)
	}
	return r
}

// faulted is the index in window of the faulted exchange, or -1.
func faulted(window []Exchange) int {
	for i, e := range window {
		if e.Fault != None {
			return i
		}
	}
	return -1
}

// minimum is the fewest requests an RFC 8628 client sends for the
// outcome: the step's own count when it succeeds (a wait: one pending
// poll, then the approval) plus the attempts that never reached the
// server (a refused connection), and up to the faulted exchange when it
// ends there, since a terminal answer is never retried.
func (c *cell) minimum(err error, hit int, window []Exchange) int {
	if err != nil && hit >= 0 {
		return hit + 1
	}
	n := [...]int{c.v.startMin, 2, 1}[c.step]
	for _, e := range window {
		if e.Upstream == 0 {
			n++
		}
	}
	return n
}

// pollsAfter counts polls carrying the flow's code after its terminal
// answer: the approval, or the faulted exchange that ended the flow.
func (c *cell) pollsAfter(all []Exchange, err error, hit int) int {
	end := -1
	if err != nil && hit >= 0 {
		end = c.armAt + hit
	}
	for i, e := range all {
		if end < 0 && c.flow.granted(e) {
			end = i
		}
	}
	n := 0
	for i, e := range all {
		if end >= 0 && i > end && c.flow.poll(e) {
			n++
		}
	}
	return n
}

// outcome is the typed outcome; for a success after a retry, how long the
// engine waited (on the fake clock) and whether that honoured the fault.
func (c *cell) outcome(err error, window []Exchange, hit int) string {
	if err != nil {
		s := describe(err)
		if c.fault == Redirect {
			s += "; not followed"
		}
		return s
	}
	if hit < 0 || hit+1 >= len(window) {
		if c.fault == StallInterval {
			return "ok (late answer accepted)"
		}
		return "ok"
	}
	gap := window[hit+1].At.Sub(window[hit].At)
	switch c.fault {
	case TooManySeconds, TooManyDate, BusySeconds, BusyDate:
		if gap < RetryAfter {
			return fmt.Sprintf("ok after a retry %s later: Retry-After %s NOT honoured", gap, RetryAfter)
		}
		return fmt.Sprintf("ok after a retry %s later (Retry-After honoured)", gap)
	case StallInterval:
		late := gap - 2*interval
		return fmt.Sprintf("ok; next poll %s after the late answer", late)
	}
	return fmt.Sprintf("ok after a retry %s later", gap)
}

// transientFaults are the faults RFC 8628 §3.5 and RFC 9110 make worth
// retrying while polling; the others must end the flow.
var transientFaults = map[Fault]bool{Refused: true, ResetMidBody: true, StallInterval: true, StallTimeout: true,
	ProxyHTML502: true, TooManySeconds: true, TooManyDate: true, BusySeconds: true, BusyDate: true}

// expect fails the cell when the outcome contradicts the fault: a wait
// rides out every transient fault and ends at every other one; start and
// completion send one request, so they fail (except on a late answer),
// and a 429 or 503 hands the caller its Retry-After.
func (c *cell) expect(err error) {
	switch {
	case c.fault == None || c.fault == StallInterval:
		if err != nil {
			c.t.Errorf("want success, got %v", err)
		}
	case c.step == stepWait && transientFaults[c.fault]:
		if err != nil {
			c.t.Errorf("a transient fault while polling must be retried, got %v", err)
		}
	case c.step == stepWait:
		if err == nil || deviceflow.IsTransient(err) {
			c.t.Errorf("want a terminal error, got %v", err)
		}
	case err == nil:
		c.t.Errorf("want an error, got success")
	}
	var he *deviceflow.HTTPError
	if c.fault.retryAfter(t0) != "" && err != nil && (!errors.As(err, &he) || he.RetryAfter != RetryAfter) {
		c.t.Errorf("want Retry-After %s in the error, got %v", RetryAfter, err)
	}
}
