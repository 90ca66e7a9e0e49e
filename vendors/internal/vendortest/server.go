package vendortest

import (
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
)

// T0 is when every fake flow starts.
var T0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Polls are the device-grant token requests a fake received, in order.
func Polls(s *devicetest.Server) []devicetest.Request {
	var out []devicetest.Request
	for _, r := range s.Requests() {
		if r.Form.Get("grant_type") == devicecode.GrantType {
			out = append(out, r)
		}
	}
	return out
}

// Gaps are the waits before each poll: the first from issued, then from
// the previous poll, in the fake's time.
func Gaps(issued time.Time, polls []devicetest.Request) []time.Duration {
	gaps := make([]time.Duration, len(polls))
	for i, p := range polls {
		gaps[i] = p.At.Sub(issued)
		issued = p.At
	}
	return gaps
}
