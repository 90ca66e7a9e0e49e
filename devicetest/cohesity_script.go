package devicetest

import (
	"net/http"
	"strconv"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// count notes one token poll of the flow of deviceCode in domain and
// returns its scripted answer; false for a code never issued (or
// redeemed) or issued for another domain.
func (c *CohesityServer) count(deviceCode, domain string) (Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.flows[deviceCode]
	if f == nil || f.redeemed || f.domain != domain {
		return Decide, false
	}
	f.polls++
	return scripted(c.opts.Script, f.polls), true
}

// scripted is a scripted answer in Cohesity's words, nil for Decide.
// Cohesity documents no slow_down: SlowDown is Helios' 429, as TooMany.
func (c *CohesityServer) scripted(a Answer) cohesitygen.GenerateM365DeviceAccessTokenResponseObject {
	after := strconv.Itoa(int(or(c.opts.RetryAfter, c.opts.interval()).Seconds()))
	switch a {
	case Pending, Slow:
		return cohesityPending()
	case PendingOK:
		f := cohesityPending()
		f.status = http.StatusOK
		return f
	case SlowDown, TooMany:
		return cohesityFail{status: http.StatusTooManyRequests, code: "KTooManyRequests", msg: "Too Many Requests", retryAfter: after}
	case Unavailable:
		return cohesityFail{status: http.StatusServiceUnavailable, code: "KServiceUnavailable", msg: "Service Unavailable", retryAfter: after}
	case Drop:
		return cohesityDrop{}
	}
	return nil
}

func cohesityPending() cohesityFail {
	return cohesityFail{status: http.StatusBadRequest, code: CohesityPendingCode,
		msg: "authorization_pending: the user has not yet completed sign-in"}
}

// cohesityDrop closes the poll's connection without an answer.
type cohesityDrop struct{}

func (cohesityDrop) VisitGenerateM365DeviceAccessTokenResponse(w http.ResponseWriter) error {
	drop(w)
	return nil
}
