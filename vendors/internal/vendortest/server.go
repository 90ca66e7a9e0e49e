package vendortest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/deviceflow"
)

// T0 is when every fake flow starts.
var T0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Decider answers the n-th token request (from 1) at fake time now.
type Decider = func(n int, now time.Time) (status int, body string)

// Server is a fake authorization server on a fake clock that jumps to
// each timer, so flows take milliseconds. It keeps the mechanics (who
// asked what, when); the vendor's test mounts its wire format on Mux with
// DeviceHandler and TokenHandler and sets Pending and Granted.
type Server struct {
	Clock *fakeclock.Clock
	Mux   *http.ServeMux
	HTTP  *httptest.Server
	// Lifetime and Interval are the seconds the device answer announces.
	Lifetime, Interval int
	// Pending and Granted are the vendor's answers for ApproveAfter.
	Pending func() (status int, body string)
	Granted func(now time.Time) (status int, body string)

	mu     sync.Mutex
	device func(w http.ResponseWriter, r *http.Request) bool
	decide Decider
	issued time.Time
	polls  []time.Time
	forms  []url.Values
	basics []string // Basic user name of each request, "" when none
}

// NewServer starts a server with a 5 s interval that approves 12 s after
// issuing the code; it stops when t ends.
func NewServer(t testing.TB, lifetime int) *Server {
	s := &Server{Clock: fakeclock.NewAuto(T0), Mux: http.NewServeMux(), Lifetime: lifetime, Interval: 5}
	s.decide = s.ApproveAfter(12 * time.Second)
	s.HTTP = httptest.NewServer(s.Mux)
	t.Cleanup(s.HTTP.Close)
	return s
}

// DeviceHandler records a device authorization request and notes the
// issue time; then the override set by SetDevice answers, or else answer.
func (s *Server) DeviceHandler(answer func(w http.ResponseWriter, form url.Values)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		form := s.record(r)
		s.mu.Lock()
		device := s.device
		s.issued = s.Clock.Now()
		s.mu.Unlock()
		if device != nil && device(w, r) {
			return
		}
		answer(w, form)
	}
}

// TokenHandler records a token request; a device grant for another code
// than deviceCode gets badCode's answer, anything else the Decider's.
func (s *Server) TokenHandler(deviceCode string, badCode func(w http.ResponseWriter)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		form := s.record(r)
		now := s.Clock.Now()
		s.mu.Lock()
		s.polls = append(s.polls, now)
		n, decide := len(s.polls), s.decide
		s.mu.Unlock()
		if form.Get("grant_type") == deviceflow.GrantType && form.Get("device_code") != deviceCode {
			badCode(w)
			return
		}
		status, body := decide(n, now)
		WriteRaw(w, status, body)
	}
}

func (s *Server) record(r *http.Request) url.Values {
	_ = r.ParseForm()
	user, _, _ := r.BasicAuth()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forms = append(s.forms, r.PostForm)
	s.basics = append(s.basics, user)
	return r.PostForm
}

// ApproveAfter is pending until the user approves at issue+d, then grants.
func (s *Server) ApproveAfter(d time.Duration) Decider {
	return func(_ int, now time.Time) (int, string) {
		if now.Before(s.IssuedAt().Add(d)) {
			return s.Pending()
		}
		return s.Granted(now)
	}
}

// SetDevice makes fn answer device requests first; fn returns false to
// let the normal answer follow.
func (s *Server) SetDevice(fn func(w http.ResponseWriter, r *http.Request) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.device = fn
}

// SetDecide replaces the token endpoint's answers.
func (s *Server) SetDecide(fn Decider) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.decide = fn
}

// IssuedAt is when the last device code was issued, in fake time.
func (s *Server) IssuedAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// PollTimes are the fake times of the token requests so far.
func (s *Server) PollTimes() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.polls...)
}

// Forms are the forms of every request so far, device and token.
func (s *Server) Forms() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.forms...)
}

// Basics are the HTTP Basic user names of every request ("" for none).
func (s *Server) Basics() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.basics...)
}

// WriteJSON answers v as JSON with the charset every vendor sends.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteRaw answers a JSON body already encoded.
func WriteRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}
