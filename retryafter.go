package devicecode

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ParseRetryAfter reads an HTTP Retry-After value (RFC 9110 §10.2.3):
// either delay-seconds (digits, leading zeros allowed, at most 4294967295) or an
// HTTP-date, which is measured from now. It reports false for an absent or
// malformed value (negative, fractional, overflowing); a date in the past
// is a zero wait. The wait is returned as sent, uncapped: the engine never
// waits past a code's expiry whatever it says. It is the one parser every
// vendor package reads Retry-After with.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
