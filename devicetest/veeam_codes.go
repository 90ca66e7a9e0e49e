package devicetest

import "fmt"

// veeamApp is the application a VB365 server's device code signs in to,
// as the fake's Microsoft page names it: VB365 runs the sign-in itself
// for its organization (the client id Microsoft sees is VB365's, which
// Veeam does not document).
const veeamApp = "Veeam Backup for Microsoft 365"

// look is a pending code as Microsoft's page shows it: the sandbox's
// Microsoft page decides the Veeam fake's codes, whose flows send the
// person there.
func (s *VeeamServer) look(userCode string) (CodeInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	code, c, err := s.find(userCode)
	if err != nil {
		return CodeInfo{}, err
	}
	return CodeInfo{UserCode: code, App: veeamApp, Expires: c.expires}, nil
}

// decide records the person's decision on a code, once.
func (s *VeeamServer) decide(userCode string, d Decision) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	code, c, err := s.find(userCode)
	if err != nil {
		return err
	}
	c.status = map[Decision]codeStatus{Approved: codeApproved, Denied: codeDenied}[d]
	s.progress().decided(code, d, "")
	return nil
}

// find is the pending, unexpired code the person typed, matched as every
// fake matches codes; s.mu is held. A code a check has approved by itself
// (ApproveAfterChecks, the Person) is decided, hence used.
func (s *VeeamServer) find(userCode string) (string, *veeamCode, error) {
	code := canonicalUserCode(userCode)
	c, ok := s.st.codes[code]
	switch {
	case !ok:
		return "", nil, fmt.Errorf("%w %q", ErrUnknownUserCode, userCode)
	case c.status != codePending || c.consumed:
		return "", nil, fmt.Errorf("%w %q", ErrUsedUserCode, userCode)
	case !s.opts.Clock.Now().Before(c.expires):
		return "", nil, fmt.Errorf("%w %q", ErrExpiredUserCode, userCode)
	}
	return code, c, nil
}

var _ codeBook = (*VeeamServer)(nil)
