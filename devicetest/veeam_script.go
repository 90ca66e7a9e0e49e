package devicetest

import (
	"net/http"
	"time"
)

// veeamPendingMessage is the fake's pending error (PendingCheckError).
const veeamPendingMessage = "The user has not signed in yet."

// count notes one DeviceCode/check of userCode and returns its scripted
// answer; Decide for a code never issued.
func (s *VeeamServer) count(userCode string) Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.codes[userCode]
	if !ok {
		return Decide
	}
	c.checks++
	return scripted(s.opts.Script, c.checks)
}

// byItself is what a pending code becomes without Approve or Deny: signed
// in after ApproveAfter's n pending checks, or as the Person decides by
// the code's age; a decision is logged as the other fakes log theirs.
// s.mu is held.
func (s *VeeamServer) byItself(code string, c *veeamCode, now time.Time) codeStatus {
	if s.st.approveAfter >= 0 && c.pending >= s.st.approveAfter {
		s.progress().decided(code, Approved, "ApproveAfterChecks")
		return codeApproved
	}
	d := decidedBy(s.opts.Person, now.Sub(c.issued))
	if d != Undecided {
		s.progress().decided(code, d, "Person")
	}
	return map[Decision]codeStatus{Undecided: codePending, Approved: codeApproved, Denied: codeDenied}[d]
}

// veeamScripted is a scripted DeviceCode/check answer in VB365's words.
type veeamScripted struct {
	a            Answer
	retryAfter   time.Duration
	pendingError bool // VeeamOptions.PendingCheckError
}

func (v veeamScripted) VisitOrganizationCheckDeviceCodeResponse(w http.ResponseWriter) error {
	switch {
	case v.a == SlowDown || v.a == TooMany:
		veeamWriteError(w, http.StatusTooManyRequests, "", "Too many requests. Try again later.", v.retryAfter)
	case fault(w, v.a, v.retryAfter): // Unavailable, Drop
	case v.pendingError && v.a != PendingOK:
		veeamWriteError(w, http.StatusBadRequest, "", veeamPendingMessage, 0)
	default: // Pending, PendingOK, Slow
		return writeJSON(w, http.StatusOK, map[string]bool{"authenticated": false})
	}
	return nil
}
