package normalize

import (
	"slices"

	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/internal/hostname"
)

// Option tunes how a response is normalized.
type Option func(*options)

type options struct {
	clock    clock.Clock
	issuedAt time.Time
	latency  time.Duration
	hosts    []string
	// capturedBefore dates an absolute expiry's issue (WithCaptureLifetime).
	capturedBefore time.Duration
}

// WithClock sets the clock that stamps the issue time (default
// clock.System(); nil keeps the default): the same clock the polling engine
// and the vendor packages take.
func WithClock(c clock.Clock) Option {
	return func(o *options) {
		if c != nil {
			o.clock = c
		}
	}
}

// WithIssuedAt fixes the issue time, e.g. the moment the request was sent;
// it takes precedence over the clock.
func WithIssuedAt(t time.Time) Option {
	return func(o *options) { o.issuedAt = t }
}

// WithLatency subtracts the request's round-trip time from the issue time:
// the server started the lifetime before we saw the answer, so ExpiresAt
// errs early rather than late.
func WithLatency(d time.Duration) Option {
	return func(o *options) { o.latency = d }
}

// WithCaptureLifetime is for checking captured responses, which are
// history: when a response states an absolute expiry (Veeam's
// expiresOnUtc) and no issue time is given (WithIssuedAt), it is judged as
// issued d before that expiry, so a capture is not refused for an expiry
// that has since passed, and the lifetime rules still apply to d.
func WithCaptureLifetime(d time.Duration) Option {
	return func(o *options) { o.capturedBefore = d }
}

// WithVerificationHosts restricts where the verification URI may point: its
// host must be one of hosts, or Decode fails with a *HostError. Hosts are
// compared by name alone — case, port, a trailing dot and IDNA spelling
// aside — and may be given as names, host:port or URLs. Repeated options add up. Without
// it any host passes, which suits checking captured responses but not a
// sign-in: the person types a secret into that page (see HostError).
func WithVerificationHosts(hosts ...string) Option {
	return func(o *options) {
		for _, h := range hosts {
			if h = hostname.Canonical(h); h != "" && !slices.Contains(o.hosts, h) {
				o.hosts = append(o.hosts, h)
			}
		}
	}
}

func collect(opts []Option) options {
	o := options{clock: clock.System()}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// issued is the moment the vendor's lifetime started.
func (o options) issued() time.Time {
	t := o.issuedAt
	if t.IsZero() {
		t = o.clock.Now()
	}
	if o.latency > 0 {
		t = t.Add(-o.latency)
	}
	return t
}
