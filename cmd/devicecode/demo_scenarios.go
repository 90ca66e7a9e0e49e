package main

import (
	"errors"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/devicetest"
)

// scenario is what the fake does and what the SDK must make of it.
type scenario struct {
	opts devicetest.Options
	// decide is the person, right after the prompt; nil: nobody comes.
	decide func(f demoFake, userCode string) error
	// want is the outcome the SDK must reach: nil signs in.
	want error
}

var scenarios = map[string]scenario{
	// Approved after two pending polls.
	"approve": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.Pending, devicetest.Pending}},
		decide: demoFake.Approve},
	// slow_down adds 5 s to every later poll (RFC 8628 §3.5).
	"slow_down": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.SlowDown, devicetest.Pending}},
		decide: demoFake.Approve},
	// The person declines: access denied, no further polls.
	"deny": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.Pending}},
		decide: demoFake.Deny, want: deviceflow.ErrAccessDenied},
	// Nobody comes: one last poll at expiry, then expired.
	"expire": {opts: devicetest.Options{Lifetime: 30 * time.Second}, want: deviceflow.ErrExpiredToken},
	// A 503 with Retry-After and a dropped connection are retried with
	// backoff, then the sign-in completes.
	"flaky": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.Unavailable, devicetest.Drop, devicetest.Pending},
		RetryAfter: 10 * time.Second}, decide: demoFake.Approve},
}

// scenarioNames in the order the help lists them.
var scenarioNames = []string{"approve", "slow_down", "deny", "expire", "flaky"}

// expected reports whether err is the scenario's outcome.
func (sc scenario) expected(err error) bool {
	if sc.want == nil {
		return err == nil
	}
	return errors.Is(err, sc.want)
}
