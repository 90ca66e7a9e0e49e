package devicetest

import (
	"log/slog"
	"net/http"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// The Cohesity and VB365 fakes' progress records (see LogIssued): the
// same steps as GitLab's and Entra's, in their APIs' terms.

func (c *CohesityServer) progress() progress { return newProgress(c.opts.Logger, "cohesity") }

func (c *CohesityServer) logIssued(f *cohesityFlow) {
	c.progress().issued(f.userCode, f.expires, slog.String("domain", f.domain))
}

// logScripted logs a scripted answer to a poll of deviceCode.
func (c *CohesityServer) logScripted(deviceCode string, a Answer) {
	c.mu.Lock()
	f := c.flows[deviceCode]
	c.mu.Unlock()
	if f != nil && a != Decide {
		c.progress().polled(f.userCode, scriptedAnswer(a), f.polls)
	}
}

// logPoll logs the real answer to a poll of f and returns it; c.mu is
// held.
func (c *CohesityServer) logPoll(f *cohesityFlow, r cohesitygen.GenerateM365DeviceAccessTokenResponseObject) cohesitygen.GenerateM365DeviceAccessTokenResponseObject {
	fail, ok := r.(cohesityFail)
	if !ok {
		c.progress().token(f.userCode, f.polls)
		return r
	}
	answer := map[string]string{CohesityPendingCode: "pending", CohesityDeniedCode: "denied", CohesityExpiredCode: "expired"}[fail.code]
	if answer == "" {
		answer = http.StatusText(fail.status)
	}
	c.progress().polled(f.userCode, answer, f.polls)
	return r
}

func (s *VeeamServer) progress() progress { return newProgress(s.opts.Logger, "veeam") }

// logCheck logs the real answer to a DeviceCode/check of code.
func (s *VeeamServer) logCheck(code string, authenticated bool) {
	s.mu.Lock()
	c, ok := s.st.codes[code]
	var st veeamCode
	if ok {
		st = *c
	}
	s.mu.Unlock()
	switch {
	case !ok:
		s.progress().polled("", "unknown", 0)
	case authenticated:
		s.progress().token(code, st.checks)
	case !s.opts.Clock.Now().Before(st.expires):
		s.progress().polled(code, "expired", st.checks)
	case st.status == codeDenied:
		s.progress().polled(code, "denied", st.checks)
	default:
		s.progress().polled(code, "pending", st.checks)
	}
}

// logScripted logs a scripted answer to a DeviceCode/check of code.
func (s *VeeamServer) logScripted(code string, a Answer) {
	s.mu.Lock()
	checks := 0
	if c, ok := s.st.codes[code]; ok {
		checks = c.checks
	}
	s.mu.Unlock()
	s.progress().polled(code, scriptedAnswer(a), checks)
}
