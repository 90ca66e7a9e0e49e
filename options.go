package devicecode

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Defaults of the schedule.
const (
	// SlowDownStep is what each slow_down adds to the interval (§3.5).
	SlowDownStep = 5 * time.Second
	// DefaultMaxBackoff is the ceiling of the backoff after transient
	// failures, unless the interval is larger.
	DefaultMaxBackoff = time.Minute
	// DefaultExpiryWarning is how long before expiry EventExpiryWarning
	// fires.
	DefaultExpiryWarning = time.Minute
	// DefaultPollTimeout bounds each poll request, so a stalled server
	// cannot hold a flow past its interval schedule indefinitely.
	DefaultPollTimeout = 30 * time.Second
)

// Option configures a [Poller].
type Option func(*config)

type config struct {
	clock         clock.Clock
	origin        Origin
	immediate     bool
	maxBackoff    time.Duration
	expiryWarning time.Duration
	pollTimeout   time.Duration
	codes         map[string]error
	observers     []func(context.Context, Event)
	wrappers      []func(error) error
	jitter        func(n time.Duration) time.Duration
}

// init sets the defaults, then applies opts.
func (c *config) init(opts []Option) {
	c.clock = clock.System()
	c.maxBackoff = DefaultMaxBackoff
	c.expiryWarning = DefaultExpiryWarning
	c.pollTimeout = DefaultPollTimeout
	c.jitter = func(n time.Duration) time.Duration { return rand.N(n + 1) } //nolint:gosec // jitter spreads retries; it need not be unpredictable
	for _, o := range opts {
		o(c)
	}
}

// WithClock sets the clock for every wait and for local expiry; nil keeps
// the system clock.
func WithClock(c clock.Clock) Option {
	return func(cfg *config) {
		if c != nil {
			cfg.clock = c
		}
	}
}

// WithPollTimeout bounds each poll request (default DefaultPollTimeout;
// zero or less: only the code's expiry bounds it). The code's expiry
// always does: an answer after it could not be used. A poll that times out
// is a connection timeout, after which RFC 8628 §3.5 has the client back
// off; the timeout runs on real time, since it measures the network.
func WithPollTimeout(d time.Duration) Option { return func(c *config) { c.pollTimeout = d } }

// WithPollImmediately sends the first poll without waiting one interval,
// for callers that prompt the user before starting the poller.
func WithPollImmediately() Option { return func(c *config) { c.immediate = true } }

// WithMaxBackoff sets the ceiling of the exponential backoff after
// transient failures. The interval remains the floor.
func WithMaxBackoff(d time.Duration) Option { return func(c *config) { c.maxBackoff = d } }

// WithExpiryWarning sets how long before local expiry EventExpiryWarning
// fires; zero disables it.
func WithExpiryWarning(d time.Duration) Option { return func(c *config) { c.expiryWarning = d } }

// WithErrorCodes maps vendor error codes onto sentinels, so that the vendor
// package, not the engine, knows e.g. that Entra's authorization_declined
// means ErrAccessDenied. The RFC codes keep their meaning.
func WithErrorCodes(codes map[string]error) Option {
	return func(c *config) {
		if c.codes == nil {
			c.codes = make(map[string]error, len(codes))
		}
		for k, v := range codes {
			c.codes[k] = v
		}
	}
}

// WithObserver calls fn for every [Event], on the polling goroutine.
func WithObserver(fn func(ctx context.Context, e Event)) Option {
	return func(c *config) { c.observers = append(c.observers, fn) }
}

// WithErrorWrapper passes every error Wait and PollOnce return through fn,
// e.g. to prefix the vendor and the operation, so that a Poller a vendor
// package hands out words its errors like the vendor's Wait. fn must keep
// the chain (%w): callers match the sentinels with errors.Is. Later
// wrappers wrap the earlier ones. The schedule sees the poll's own errors.
func WithErrorWrapper(fn func(error) error) Option {
	return func(c *config) { c.wrappers = append(c.wrappers, fn) }
}

// WithLogger logs every [Event] to l (polls at Debug, slow_down and retries
// at Info, the expiry warning at Warn). Nothing secret is logged.
func WithLogger(l *slog.Logger) Option { return WithObserver(logEvent(l)) }

// WithJitter replaces the random source of the backoff: fn returns a
// duration in [0, n]. Tests use it to make the backoff deterministic.
func WithJitter(fn func(n time.Duration) time.Duration) Option {
	return func(c *config) { c.jitter = fn }
}
