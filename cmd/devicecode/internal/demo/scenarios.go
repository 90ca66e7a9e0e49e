package demo

import (
	"errors"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/devicetest"
)

// scenario is what an RFC 8628 vendor's fake does and what the SDK must
// make of it.
type scenario struct {
	opts devicetest.Options
	// decide is the person, right after the prompt; nil: nobody comes.
	decide func(f *devicetest.Server, userCode string) error
	// want is the outcome the SDK must reach: nil signs in.
	want error
}

var scenarios = map[string]scenario{
	// Approved after two pending polls.
	"approve": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.Pending, devicetest.Pending}},
		decide: (*devicetest.Server).Approve},
	// slow_down adds 5 s to every later poll (RFC 8628 §3.5).
	"slow_down": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.SlowDown, devicetest.Pending}},
		decide: (*devicetest.Server).Approve},
	// The person declines: access denied, no further polls.
	"deny": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.Pending}},
		decide: (*devicetest.Server).Deny, want: devicecode.ErrAccessDenied},
	// Nobody comes: one last poll at expiry, then expired.
	"expire": {opts: devicetest.Options{Lifetime: 30 * time.Second}, want: devicecode.ErrExpiredToken},
	// A 503 with Retry-After and a dropped connection are retried with
	// backoff, then the sign-in completes.
	"flaky": {opts: devicetest.Options{Script: []devicetest.Answer{devicetest.Unavailable, devicetest.Drop, devicetest.Pending},
		RetryAfter: 10 * time.Second}, decide: (*devicetest.Server).Approve},
	// The flow as a durable job, its worker stopped and another started
	// (durable.go): on the real clock, so a short interval.
	durableScenario: {opts: devicetest.Options{Interval: time.Second}, decide: (*devicetest.Server).Approve},
}

// scenarioNames in the order the help lists them.
var scenarioNames = []string{"approve", "slow_down", "deny", "expire", "flaky", durableScenario}

// expected reports whether err is the scenario's outcome.
func (sc scenario) expected(err error) bool {
	if sc.want == nil {
		return err == nil
	}
	return errors.Is(err, sc.want)
}

// demoSetup is one vendor's fake, set up for a scenario.
type demoSetup struct {
	fake     demoFake
	base     string
	decide   func(userCode string) error // the person; nil: nobody comes
	expected func(err error) bool        // whether the SDK ended the flow as it must
	describe func(err error) string      // the failed outcome in words; nil: the error's text
	served   func() []served             // the requests the fake received
}

// served is a request a fake received, whichever vendor's.
type served struct {
	At     time.Time
	Path   string
	Status int
}

// servedOf lists any fake's request log the same way.
func servedOf[R any](log func() []R, fields func(R) served) func() []served {
	return func() []served {
		var out []served
		for _, r := range log() {
			out = append(out, fields(r))
		}
		return out
	}
}

// oauthSetup sets up an RFC 8628 vendor's fake from the scenario table.
func oauthSetup(start func(devicetest.Options) *devicetest.Server) func(string, clock.Clock) demoSetup {
	return func(name string, clk clock.Clock) demoSetup {
		sc := scenarios[name]
		opts := sc.opts
		opts.Clock = clk
		s := start(opts)
		set := demoSetup{fake: s, base: s.URL, expected: sc.expected, served: servedOf(s.Requests,
			func(r devicetest.Request) served { return served{r.At, r.Path, r.Status} })}
		if sc.decide != nil {
			set.decide = func(code string) error { return sc.decide(s, code) }
		}
		return set
	}
}
