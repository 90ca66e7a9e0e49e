package faultmatrix

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/devicecode/devicecode"
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
	c.expect(err, hit, window)
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
		return c.endAt(hit, window) + 1
	}
	n := [...]int{c.v.startMin, 2, 1}[c.step]
	for _, e := range window {
		if e.Upstream == 0 {
			n++
		}
	}
	return n
}

// endAt is the index in window of the answer that ended a failed step:
// the faulted exchange, unless the engine retried it (a transient fault
// in a wait, which then ended by the code's expiry), then the retry.
func (c *cell) endAt(hit int, window []Exchange) int {
	if c.step == stepWait && c.retried() && hit+1 < len(window) {
		return hit + 1
	}
	return hit
}

// retried reports a fault the engine retries in a wait: a transient one,
// or an absurd wait it cuts to the expiry (a 429 or 503, not a slow_down).
func (c *cell) retried() bool {
	return transientFaults[c.fault] || c.fault == AbsurdRetryAfter || c.fault == AbsurdSlowDown && c.v.slowDown == ""
}

// pollsAfter counts polls carrying the flow's code after its terminal
// answer: the approval, or the faulted exchange that ended the flow.
func (c *cell) pollsAfter(all []Exchange, err error, hit int) int {
	end := -1
	if err != nil && hit >= 0 {
		end = c.armAt + c.endAt(hit, all[c.armAt:])
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
	case AbsurdSlowDown, AbsurdRetryAfter:
		return fmt.Sprintf("ok after a retry %s later, at the code's expiry (the wait cut to it)", gap)
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

// maxLifetime is the longest code lifetime of the fakes (Entra's and
// Cohesity's 900 s): a wait that outlives it slept out an absurd wait.
const maxLifetime = 900 * time.Second

// absurd reports a fault asking for a wait far past the code's lifetime.
func (c *cell) absurd() bool { return c.fault == AbsurdSlowDown || c.fault == AbsurdRetryAfter }

// expectByExpiry: whatever the absurd wait, a wait ends by the code's
// expiry (plus the request) — with the token, if the poll at the expiry
// still got it, or ErrExpiredToken — and a start or completion fails.
func (c *cell) expectByExpiry(err error) {
	if took := c.ended.Sub(t0); c.step == stepWait && took > maxLifetime+interval {
		c.fail("the step ended %s after the start, past any code's lifetime", took)
	}
	switch {
	case c.step != stepWait && err == nil:
		c.fail("want an error, got success")
	case c.step == stepWait && err != nil && !errors.Is(err, devicecode.ErrExpiredToken):
		c.fail("want the token or ErrExpiredToken, got %v", err)
	}
}

// expect fails the cell when the outcome contradicts the fault: a wait
// rides out every transient fault and ends at every other one; start and
// completion send one request, so they fail (except on a late answer),
// and a 429 or 503 hands the caller its Retry-After.
func (c *cell) expect(err error, hit int, window []Exchange) {
	switch {
	case c.absurd():
		c.expectByExpiry(err)
	case c.fault == None || c.fault == StallInterval:
		if err != nil {
			c.fail("want success, got %v", err)
		}
	case c.step == stepWait && transientFaults[c.fault]:
		if err != nil {
			c.fail("a transient fault while polling must be retried, got %v", err)
		}
	case c.step == stepWait:
		if err == nil || devicecode.IsTransient(err) {
			c.fail("want a terminal error, got %v", err)
		}
	case err == nil:
		c.fail("want an error, got success")
	}
	var he *devicecode.HTTPError
	// The error of the faulted answer itself hands the caller its
	// Retry-After as sent, an absurd one too, at every vendor.
	if c.fault.retryAfter(t0) == "" || err == nil || c.endAt(hit, window) != hit {
		return
	}
	want := c.fault.wantRetryAfter()
	if !errors.As(err, &he) || he.RetryAfter != want {
		c.fail("want Retry-After %s in the error, got %v", want, err)
	}
}
