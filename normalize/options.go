package normalize

import (
	"slices"
	"strings"
	"time"
)

// Option tunes how a response is normalized.
type Option func(*options)

type options struct {
	now      func() time.Time
	issuedAt time.Time
	latency  time.Duration
	hosts    []string
}

// WithClock sets the clock that stamps the issue time (default time.Now;
// nil keeps the default).
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.now = now
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

// WithVerificationHosts restricts where the verification URI may point: its
// host must be one of hosts (compared case-insensitively, without the
// port), or Decode fails with a *HostError. Repeated options add up. Without
// it any host passes, which suits checking captured responses but not a
// sign-in: the person types a secret into that page (see HostError).
func WithVerificationHosts(hosts ...string) Option {
	return func(o *options) {
		for _, h := range hosts {
			if h = canonicalHost(h); h != "" && !slices.Contains(o.hosts, h) {
				o.hosts = append(o.hosts, h)
			}
		}
	}
}

// canonicalHost lowercases a host name and drops a trailing dot, which DNS
// ignores and a comparison must too.
func canonicalHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}

func collect(opts []Option) options {
	o := options{now: time.Now}
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
		t = o.now()
	}
	if o.latency > 0 {
		t = t.Add(-o.latency)
	}
	return t
}
