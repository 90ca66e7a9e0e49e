package normalize

import "time"

// Option tunes how a response is normalized.
type Option interface{ apply(*options) }

type options struct {
	now      func() time.Time
	issuedAt time.Time
	latency  time.Duration
}

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

// WithClock sets the clock that stamps the issue time (default time.Now;
// nil keeps the default).
func WithClock(now func() time.Time) Option {
	return optionFunc(func(o *options) {
		if now != nil {
			o.now = now
		}
	})
}

// WithIssuedAt fixes the issue time, e.g. the moment the request was sent;
// it takes precedence over the clock.
func WithIssuedAt(t time.Time) Option {
	return optionFunc(func(o *options) { o.issuedAt = t })
}

// WithLatency subtracts the request's round-trip time from the issue time:
// the server started the lifetime before we saw the answer, so ExpiresAt
// errs early rather than late.
func WithLatency(d time.Duration) Option {
	return optionFunc(func(o *options) { o.latency = d })
}

func collect(opts []Option) options {
	o := options{now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&o)
		}
	}
	return o
}

// issued is the moment the vendor's lifetime started.
func (o options) issued() time.Time {
	t := o.issuedAt
	if t.IsZero() {
		t = o.now()
	}
	if o.latency > 0 {
		t = t.Add(-o.latency)
	}
	return t
}
