package devicecode

import "time"

// The schedule's arithmetic, free of I/O so that it reads like the RFC.

// slowedInterval is the interval after a slow_down: 5 s more, or the
// server's interval or Retry-After if larger (§3.5). It never decreases.
func slowedInterval(cur, server, retryAfter time.Duration) time.Duration {
	return max(cur+SlowDownStep, server, retryAfter)
}

// backoff is the wait after the n-th consecutive transient failure (n ≥ 1):
// exponential from the interval, capped at ceiling, with "equal jitter" so
// that clients knocked off together do not return together. A Retry-After
// replaces the guess. The interval is the floor either way.
func backoff(n int, interval, ceiling, retryAfter time.Duration, jitter func(time.Duration) time.Duration) time.Duration {
	if retryAfter > 0 {
		return max(interval, retryAfter)
	}
	exp := interval
	for i := 0; i < n && exp < ceiling; i++ {
		exp *= 2
	}
	exp = min(exp, max(ceiling, interval))
	return max(interval, exp/2+jitter(exp/2))
}

// nextPoll is when to poll after a response received at receipt: after
// wait, but no later than expiry (so the last poll can still ask for the
// server's verdict) and never sooner than one interval — which may put it
// past the expiry, and so end the flow (see expiry.go).
func nextPoll(receipt time.Time, wait, interval time.Duration, expiry time.Time) time.Time {
	return receipt.Add(max(min(wait, expiry.Sub(receipt)), interval))
}
