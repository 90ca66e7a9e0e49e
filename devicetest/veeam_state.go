package devicetest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type codeStatus int

const (
	codePending codeStatus = iota
	codeApproved
	codeDenied
)

type veeamCode struct {
	status          codeStatus
	issued, expires time.Time
	pending         int // checks answered false so far
	checks          int // checks received, for the script
	consumed        bool
}

type veeamFailure struct {
	part       string
	n, status  int
	retryAfter time.Duration
}

// veeamState is the fake's mutable state, guarded by VeeamServer.mu.
type veeamState struct {
	access       map[string]time.Time // access token → expiry
	refresh      map[string]bool
	codes        map[string]*veeamCode
	issued       []string
	consumed     []string
	failures     []veeamFailure
	approveAfter int // <0: never by itself
	forbidden    bool
	orgs         map[string]bool
	sessions     map[string]bool
}

func newVeeamState(o VeeamOptions) veeamState {
	st := veeamState{access: map[string]time.Time{}, refresh: map[string]bool{}, codes: map[string]*veeamCode{},
		approveAfter: -1, orgs: map[string]bool{}, sessions: map[string]bool{}}
	for _, id := range o.Organizations {
		st.orgs[strings.ToLower(id)] = true
	}
	for _, id := range o.RestoreSessions {
		st.sessions[strings.ToLower(id)] = true
	}
	return st
}

func (s *VeeamServer) takeFailure(path string) (veeamFailure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.st.failures {
		f := &s.st.failures[i]
		if f.n > 0 && strings.Contains(path, f.part) {
			f.n--
			return *f, true
		}
	}
	return veeamFailure{}, false
}

func (s *VeeamServer) authorized(header string) bool {
	tok, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.st.access[tok]
	return ok && s.opts.Clock.Now().Before(exp)
}

func (s *VeeamServer) forbidden() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.forbidden
}

// issueTokens mints an access and a refresh token.
func (s *VeeamServer) issueTokens() (access, refresh string, issued, expires time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	issued = s.opts.Clock.Now()
	expires = issued.Add(s.opts.TokenLifetime)
	access, refresh = "at-"+randomHex(), "rt-"+randomHex()
	s.st.access[access] = expires
	s.st.refresh[refresh] = true
	return access, refresh, issued, expires
}

// redeemRefresh spends a refresh token (one use, as OWIN's refresh
// provider does by default).
func (s *VeeamServer) redeemRefresh(rt string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.st.refresh[rt] {
		return false
	}
	delete(s.st.refresh, rt)
	return true
}

// newCode issues a user code.
func (s *VeeamServer) newCode() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := strings.ToUpper(randomHex()[:9])
	now := s.opts.Clock.Now()
	s.st.codes[code] = &veeamCode{issued: now, expires: now.Add(s.opts.CodeLifetime)}
	s.st.issued = append(s.st.issued, code)
	s.progress().issued(code, now.Add(s.opts.CodeLifetime))
	return code
}

// consume spends an approved, unexpired user code once.
func (s *VeeamServer) consume(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.codes[code]
	if !ok || c.status != codeApproved || c.consumed || !s.opts.Clock.Now().Before(c.expires) {
		return false
	}
	c.consumed = true
	s.progress().record(LogUsed, code)
	s.st.consumed = append(s.st.consumed, code)
	return true
}

func (s *VeeamServer) knownOrg(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.orgs[strings.ToLower(id)]
}

func (s *VeeamServer) knownSession(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.sessions[strings.ToLower(id)]
}

func randomHex() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// veeamWriteError writes RESTExceptionInfo as VB365 does.
func veeamWriteError(w http.ResponseWriter, status int, code, msg string, retryAfter time.Duration) {
	body := map[string]any{"message": msg}
	if code != "" {
		body["errorCode"] = code
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
