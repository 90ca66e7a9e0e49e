package faultmatrix

import (
	"context"
	"errors"
	"fmt"

	"github.com/devicecode/devicecode/deviceflow"
)

// judge checks the cell's invariants, once its goroutines have settled
// (left of them remain), and turns it into a row.
func (c *cell) judge(err error, left int) row {
	all := c.proxy.Exchanges()
	window := all[c.armAt:]
	hit := faulted(window)
	if c.fault != None && hit < 0 {
		c.t.Fatalf("the fault was never injected (exchanges: %d)", len(window))
	}
	r := row{vendor: c.v.name, step: stepNames[c.step], fault: c.fault.String(), requests: len(window), left: left}
	r.min = c.minimum(err, hit, window)
	r.outcome = c.outcome(err, window, hit)
	r.after = c.pollsAfter(all, err, hit)
	c.expect(err)
	if r.requests != r.min {
		c.fail("%d requests, the RFC minimum is %d", r.requests, r.min)
	}
	if r.after != 0 {
		c.fail("the code was polled %d times after its terminal answer", r.after)
	}
	if left != 0 {
		c.fail("%d goroutines of the flow were left after it ended", left)
	}
	if n := c.proxy.Other.Hits(); n != 0 {
		c.fail("the redirect was followed: %d requests reached the other origin", n)
	}
	if n := c.proxy.HeldOut(); n != 0 {
		c.fail("nothing ended %d stalled requests: the proxy let them go", n)
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
	if c.sdkTimeout() {
		return c.timedOut(window, hit)
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

// timedOut is the outcome of the stalled poll, which the SDK's poll
// timeout must have ended (the client has no Timeout), before the engine
// backed off and the flow went on.
func (c *cell) timedOut(window []Exchange, hit int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.retries) != 1 || !errors.Is(c.retries[0], context.DeadlineExceeded) {
		c.fail("want one retry, caused by the poll timeout; got %v", c.retries)
		return "ok, NOT by the poll timeout"
	}
	if hit+1 >= len(window) {
		return "ok, no poll after the timeout"
	}
	gap := window[hit+1].At.Sub(window[hit].At)
	return fmt.Sprintf("ok: the SDK's poll timeout ended it, a retry %s later", gap)
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
			c.fail("want success, got %v", err)
		}
	case c.step == stepWait && transientFaults[c.fault]:
		if err != nil {
			c.fail("a transient fault while polling must be retried, got %v", err)
		}
	case c.step == stepWait:
		if err == nil || deviceflow.IsTransient(err) {
			c.fail("want a terminal error, got %v", err)
		}
	case err == nil:
		c.fail("want an error, got success")
	}
	var he *deviceflow.HTTPError
	if c.fault.retryAfter(t0) != "" && err != nil && (!errors.As(err, &he) || he.RetryAfter != RetryAfter) {
		c.fail("want Retry-After %s in the error, got %v", RetryAfter, err)
	}
}
