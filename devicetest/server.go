package devicetest

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Options configure a fake. The zero value is the vendor's defaults: its
// lifetime, a 5 s interval, no script, the system clock.
type Options struct {
	// Clock dates codes and expiries; tests pass a fakeclock.
	Clock clock.Clock
	// Lifetime of a device code; zero is the vendor's default.
	Lifetime time.Duration
	// Interval announced in the device answer, in whole seconds; zero is
	// 5 s. OmitInterval leaves it out (RFC 8628 §3.2: clients use 5 s).
	Interval     time.Duration
	OmitInterval bool
	// Script answers the first polls of each flow.
	Script []Answer
	// NoSlowDown answers every poll as if on time. By default a poll of
	// GitLab's or Entra's fake less than the interval after the previous
	// one of the same code gets slow_down (RFC 8628 §3.5), as the vendors
	// answer; turn it off for clients that are too fast on purpose.
	// Scripted answers come first and are not timed.
	NoSlowDown bool
	// Undocumented picks the Entra fake's answers where Microsoft
	// documents none.
	Undocumented Undocumented
	// RetryAfter goes with TooMany and Unavailable; zero is the interval.
	RetryAfter time.Duration
	// SlowBy is how long a Slow answer takes; zero is the interval.
	SlowBy time.Duration
	// Person, when set, decides every code by itself (ApproveAfter,
	// DenyAfter), for flows whose clock runs on its own; Approve and Deny
	// still win over it.
	Person Person
	// BasePath is a relative URL root to serve under, as a self-managed
	// GitLab's relative_url_root ("/gitlab"); URL ends with it.
	BasePath string
	// ClientSecret makes the fake a confidential client's server: every
	// device and token request must carry it exactly one way, HTTP Basic
	// or the client_secret form member (RFC 6749 §2.3.1), or get 401
	// invalid_client (400 invalid_request for both at once).
	ClientSecret string
	// Tenants are the Entra tenants the Microsoft fake knows (names or
	// ids); others get AADSTS90002. Nil knows every tenant.
	Tenants []string
	// Intercept sees each request first and answers it itself by
	// returning true: for what no faithful fake sends (hostile bodies, a
	// vendor's bug). It is recorded like any answer.
	Intercept func(w http.ResponseWriter, r *http.Request) bool
	// DiscardRequests keeps no log (Requests returns none): for load
	// tests, where the log of every poll would outweigh what is measured.
	// Count requests in Intercept instead.
	DiscardRequests bool
	// Logger, when set, logs each sign-in's steps (LogIssued, LogDecided,
	// LogPolled, LogToken), never a secret; nil is silent.
	Logger *slog.Logger
}

func (o Options) interval() time.Duration {
	if o.Interval <= 0 {
		return 5 * time.Second
	}
	return o.Interval
}

// Request is one request a fake received.
type Request struct {
	At     time.Time // on the fake's clock
	Method string
	Path   string     // below the fake's URL (BasePath stripped)
	Form   url.Values // the form body, for the OAuth vendors
	// BasicUser is the HTTP Basic user name, form-decoded as RFC 6749
	// §2.3.1 has clients encode it; "" without Basic auth.
	BasicUser string
	UserAgent string
	Status    int // 0 for a dropped connection
}

// Server is a running fake on loopback.
type Server struct {
	// URL is the base URL to configure a client with (GitLab: the
	// instance; Entra: the authority host).
	URL string

	handler http.Handler
	http    *httptest.Server // nil when mounted in a Sandbox
	flows   *flows
	rec     recorder
}

// newServer starts a fake on its own loopback port.
func newServer(opts Options, build func(*Server) http.Handler) *Server {
	s := &Server{flows: newFlows(opts.Clock, opts.Person)}
	mux := http.NewServeMux()
	s.http = httptest.NewServer(mux)
	base := strings.TrimSuffix(opts.BasePath, "/")
	if base != "" && !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	mux.Handle(base+"/", http.StripPrefix(base, s.mount(s.http.URL+base, opts, build)))
	return s
}

// mount is the fake's handler for clients that reach it at base: the
// vendor's generated handler (build) behind the test hooks, the
// interceptor and the log.
func (s *Server) mount(base string, opts Options, build func(*Server) http.Handler) http.Handler {
	s.URL = base
	vendor := build(s)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !decisionHook(w, r, s.Approve, s.Deny) {
			vendor.ServeHTTP(w, r)
		}
	})
	var h http.Handler = inner
	if opts.Intercept != nil {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !opts.Intercept(w, r) {
				inner.ServeHTTP(w, r)
			}
		})
	}
	s.handler = h
	if !opts.DiscardRequests {
		s.handler = s.rec.wrap(s.flows.clock, h)
	}
	return s.handler
}

// Approve is the person approving the sign-in for userCode.
func (s *Server) Approve(userCode string) error { return s.flows.decide(userCode, Approved) }

// Deny is the person declining it.
func (s *Server) Deny(userCode string) error { return s.flows.decide(userCode, Denied) }

// Requests returns every request so far, in order.
func (s *Server) Requests() []Request { return s.rec.list() }

// Client is an *http.Client for the fake.
func (s *Server) Client() *http.Client {
	if s.http == nil {
		return http.DefaultClient
	}
	return s.http.Client()
}

// Close stops the fake (a Sandbox stops its fakes itself).
func (s *Server) Close() {
	if s.http != nil {
		s.http.Close()
	}
}

// recorder logs a Server's requests.
type recorder struct{ log requestLog[Request] }

func (rec *recorder) wrap(c clock.Clock, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Parsed here, the form is still there for the generated handler
		// (ParseForm runs once per request); JSON bodies are not read.
		_ = r.ParseForm()
		req := Request{At: c.Now(), Method: r.Method, Path: r.URL.Path, Form: r.PostForm, BasicUser: basicUser(r), UserAgent: r.UserAgent()}
		h.ServeHTTP(rec.log.add(req, w, func(e *Request) *int { return &e.Status }), r)
	})
}

func (rec *recorder) list() []Request { return rec.log.list() }

// decisionHook answers POST /devicetest/approve and /devicetest/deny (with
// user_code in the body) for a fake in another process, and reports
// whether r was one. Like the verification pages' posts, it sits behind
// http.CrossOriginProtection: a user code is all it takes to decide, so a
// page on another site must not post it from the person's browser (403).
// Clients that are not browsers send neither Origin nor Sec-Fetch-Site and
// pass. The code is read from the body alone: a query string is what a
// link or a redirect can carry.
func decisionHook(w http.ResponseWriter, r *http.Request, approve, deny func(userCode string) error) bool {
	decide := map[string]func(string) error{"/devicetest/approve": approve, "/devicetest/deny": deny}[r.URL.Path]
	if decide == nil || r.Method != http.MethodPost {
		return false
	}
	if err := http.NewCrossOriginProtection().Check(r); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return true
	}
	if err := decide(r.PostFormValue("user_code")); err != nil {
		http.Error(w, err.Error(), refusalStatus(err))
		return true
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}
