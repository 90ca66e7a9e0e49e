package devicetest

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Answer scripts one answer of a fake's poll, given instead of what the
// person decided: a flow's n-th poll gets Script[n-1] of the fake's
// options (Options, CohesityOptions, VeeamOptions). Every fake takes
// every Answer and words it as its vendor would; the comments below are
// the RFC 8628 wording of GitLab and Entra, CohesityOptions.Script and
// VeeamOptions.Script say the others'.
type Answer int

// The scripted answers. Decide is the server's real answer (pending until
// Approve, Deny or the Person decides, then the token or the refusal;
// expired after the lifetime), and what every poll past the script gets.
const (
	Decide      Answer = iota
	Pending            // authorization_pending, HTTP 400
	SlowDown           // slow_down, HTTP 400
	TooMany            // HTTP 429 with Retry-After
	Unavailable        // HTTP 503 with Retry-After, an HTML page as proxies send
	Drop               // the connection closed without an answer
	PendingOK          // authorization_pending with HTTP 200, as some servers send
	Slow               // authorization_pending, after SlowBy on the fake's clock
)

// scripted is the scripted answer of a flow's n-th poll.
func scripted(script []Answer, n int) Answer {
	if n >= 1 && n <= len(script) {
		return script[n-1]
	}
	return Decide
}

// fault writes a scripted transport-level answer (TooMany, Unavailable
// and Drop, as a proxy in front of any vendor would); it reports false
// for the answers the vendor's handler words itself.
func fault(w http.ResponseWriter, a Answer, retryAfter time.Duration) bool {
	switch a {
	case TooMany, Unavailable:
		w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
		status := http.StatusTooManyRequests
		if a == Unavailable {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><body><h1>" + http.StatusText(status) + "</h1></body></html>"))
		return true
	case Drop:
		drop(w)
		return true
	}
	return false
}

// drop closes the connection without an answer; the recorded status
// stays 0.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// delay waits out a Slow answer for d on the fake's clock (with an
// auto-advancing fake clock the time passes at once, and the client sees
// the latency on its own clock), or until the client gives up.
func delay(ctx context.Context, c clock.Clock, a Answer, d time.Duration) {
	if a != Slow {
		return
	}
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
	case <-ctx.Done():
	}
}

// script is the shared part of an OAuth token poll's scripted answer: it
// counts the poll, waits out a Slow answer and writes the transport-level
// faults. It returns the answer and whether it wrote it; the vendor words
// the OAuth-level ones (answerCode) in its own error body.
func (s *Server) script(ctx context.Context, w http.ResponseWriter, o Options, deviceCode string) (Answer, bool) {
	n := s.flows.count(deviceCode)
	a := scripted(o.Script, n)
	s.flows.scriptedPoll(deviceCode, a, n)
	delay(ctx, s.flows.clock, a, or(o.SlowBy, o.interval()))
	return a, fault(w, a, or(o.RetryAfter, o.interval()))
}

// answerCode is the RFC 8628 error code of a scripted OAuth-level answer,
// "" for Decide.
func answerCode(a Answer) string {
	switch a {
	case Pending, PendingOK, Slow:
		return "authorization_pending"
	case SlowDown:
		return "slow_down"
	}
	return ""
}

// decidedBy is what a Person makes of a code of this age; Undecided
// without one.
func decidedBy(p Person, age time.Duration) Decision {
	if p == nil {
		return Undecided
	}
	return p(age)
}
