package devicetest

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
)

// VeeamOptions configure a fake VB365 server. The zero value is a v8
// server on plain http with the user "admin" / "password".
type VeeamOptions struct {
	Version  string // "v6", "v7" or "v8" (default): the one prefix served
	Username string // default "admin"
	Password string // default "password"
	Clock    clock.Clock
	// TLS serves https with httptest's self-signed certificate
	// (VeeamServer.CertificatePEM is its CA file).
	TLS bool
	// Intercept sees each request first (after it is recorded) and
	// answers it itself by returning true: for what no faithful fake
	// sends (hostile bodies, a vendor's bug), as Options.Intercept.
	Intercept func(w http.ResponseWriter, r *http.Request) bool
	// TokenLifetime is expires_in of each access token (VB365's default:
	// 60 minutes).
	TokenLifetime time.Duration
	// CodeLifetime is expiresIn of each user code (default 899 s, Veeam's
	// documented example).
	CodeLifetime time.Duration
	// Organizations and RestoreSessions are the IDs the server knows;
	// others answer 404 ResourceNotFound.
	Organizations   []string
	RestoreSessions []string
	// ExpiredCheckError makes DeviceCode/check answer 400 for an expired
	// code; by default it answers {"authenticated": false}. VB365's real
	// behaviour is UNVERIFIED: tests run both.
	ExpiredCheckError bool
	// PendingCheckError makes DeviceCode/check answer 400 while the code is
	// pending; by default it answers {"authenticated": false} (UNVERIFIED).
	PendingCheckError bool
	// RFC3339Dates writes the token answer's .issued/.expires as upstream's
	// spec says (date-time); by default they are RFC 1123, as ASP.NET OWIN
	// servers write them.
	RFC3339Dates bool
	// OAuthErrors answers a wrong password as ASP.NET OWIN servers do, 400
	// {"error": "invalid_grant"}; by default it is 401 RESTExceptionInfo.
	// Which one VB365 sends is UNVERIFIED: tests run both.
	OAuthErrors bool
	// VerificationURL is the verification URI relayed (default
	// https://microsoft.com/devicelogin).
	VerificationURL string
	// Script answers the first DeviceCode/check calls of each user code,
	// in VB365's words: Pending, PendingOK and Slow (after SlowBy) are 200
	// {"authenticated": false} (Pending and Slow are 400 with
	// PendingCheckError, like the real pending answer); SlowDown, which
	// VB365 does not have, and TooMany are 429 with Retry-After and a
	// RESTExceptionInfo message (no errorCode of any version names a rate
	// limit); Unavailable is 503 with Retry-After, an HTML page as a
	// proxy sends; Drop closes the connection.
	Script []Answer
	// RetryAfter goes with SlowDown, TooMany and Unavailable; SlowBy is
	// how long a Slow answer takes on the fake's clock. Zero is 5 s, the
	// interval VB365's clients poll at, both.
	RetryAfter, SlowBy time.Duration
	// Person, when set, decides every code by its age on the fake's
	// clock (ApproveAfter, DenyAfter), like Options.Person; Approve, Deny
	// and the server's ApproveAfter(n) win over it.
	Person Person
	// Logger, when set, logs each sign-in's steps, as Options.Logger.
	Logger *slog.Logger
}

// veeamInterval is how often VB365's clients poll: the server sends no
// interval (RFC 8628 §3.2's default).
const veeamInterval = 5 * time.Second

// VeeamRequest is one request the fake received. Secrets are not kept:
// Grant is the grant type only, Authorized whether a valid bearer came.
type VeeamRequest struct {
	At           time.Time // on the fake's clock
	Method, Path string
	Grant        string // token requests: grant_type
	Antiforgery  string // token requests: disable_antiforgery_token as sent
	Body         string // device-code and check requests: the JSON body (no secrets)
	Authorized   bool
	UserAgent    string
	Status       int // 0 for a dropped connection
}

// VeeamServer is a fake VB365 REST server on loopback, built on the
// strict server interface generated from specs/veeam. It requires a
// bearer token from POST /vN/token on every other call (401 without),
// serves exactly one version prefix (404 on the others, which is what the
// client's probe relies on), and runs on an injectable clock.
type VeeamServer struct {
	// URL is the base URL, without the version prefix.
	URL string
	// CertificatePEM is the server certificate when TLS is set.
	CertificatePEM []byte
	// Certificate is the parsed server certificate when TLS is set.
	Certificate *x509.Certificate

	srv   *httptest.Server
	front http.Handler
	opts  VeeamOptions
	log   requestLog[VeeamRequest]
	mu    sync.Mutex
	st    veeamState
}

// NewVeeam starts a fake VB365 server; Close stops it.
func NewVeeam(opts VeeamOptions) *VeeamServer {
	opts = veeamDefaults(opts)
	s := &VeeamServer{opts: opts, st: newVeeamState(opts)}
	h := veeamgen.HandlerWithOptions(veeamgen.NewStrictHandler(&veeamAPI{s: s}, nil),
		veeamgen.StdHTTPServerOptions{BaseURL: "/" + opts.Version})
	s.front = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, h) })
	s.srv = httptest.NewUnstartedServer(s.front)
	// A client that refuses the self-signed certificate is a test case,
	// not news for the log.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if opts.TLS {
		s.srv.StartTLS()
		s.Certificate = s.srv.Certificate()
		s.CertificatePEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate.Raw})
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	return s
}

// Handler is the fake as an http.Handler, to mount it elsewhere (e.g.
// under http.StripPrefix in a sandbox); paths start at the version prefix.
func (s *VeeamServer) Handler() http.Handler { return s.front }

// Close stops the server.
func (s *VeeamServer) Close() { s.srv.Close() }

// Client is an *http.Client that trusts the server's certificate (with
// TLS) and sends to it only.
func (s *VeeamServer) Client() *http.Client { return s.srv.Client() }

func veeamDefaults(o VeeamOptions) VeeamOptions {
	if o.Version == "" {
		o.Version = "v8"
	}
	if o.Username == "" {
		o.Username = "admin"
	}
	if o.Password == "" {
		o.Password = "password"
	}
	if o.Clock == nil {
		o.Clock = clock.System()
	}
	if o.TokenLifetime == 0 {
		o.TokenLifetime = time.Hour
	}
	if o.CodeLifetime == 0 {
		o.CodeLifetime = 899 * time.Second
	}
	if o.VerificationURL == "" {
		o.VerificationURL = "https://microsoft.com/devicelogin"
	}
	return o
}

// Approve marks userCode as signed in: the next check answers true. A
// code is decided once, like Microsoft's: after Approve or Deny (or
// ApproveAfterChecks, or the Person) it is ErrUsedUserCode; past its
// lifetime, ErrExpiredUserCode; never issued, ErrUnknownUserCode.
func (s *VeeamServer) Approve(userCode string) error { return s.decide(userCode, Approved) }

// VeeamDeclinedMessage is the message of the 400 that answers every check
// of a code Deny declined (VB365 documents no "declined" answer; this is
// the fake's stand-in).
const VeeamDeclinedMessage = "The user declined the sign-in."

// Deny makes every further check of userCode answer 400 (VB365 documents
// no "declined" answer; this is the fake's stand-in for Microsoft refusing
// the sign-in).
func (s *VeeamServer) Deny(userCode string) error { return s.decide(userCode, Denied) }

// ApproveAfterChecks makes each new code approve itself after n pending checks.
func (s *VeeamServer) ApproveAfterChecks(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.approveAfter = n
}

// FailNext makes the next n requests to paths containing pathPart answer
// status (e.g. 503) with Retry-After retryAfter when non-zero, counted
// across flows: for the calls other than the poll (sign-in, device code,
// completion). VeeamOptions.Script is the per-flow script of the poll,
// DeviceCode/check.
func (s *VeeamServer) FailNext(pathPart string, n, status int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.failures = append(s.st.failures, veeamFailure{part: pathPart, n: n, status: status, retryAfter: retryAfter})
}

// RevokeTokens forgets every access token issued so far (a VB365 restart):
// the next call with one answers 401. Refresh tokens stay valid unless
// revokeRefresh is set.
func (s *VeeamServer) RevokeTokens(revokeRefresh bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.access = map[string]time.Time{}
	if revokeRefresh {
		s.st.refresh = map[string]bool{}
	}
}

// RevokeRefreshTokens forgets the refresh tokens issued so far, leaving
// the access tokens valid: the next refresh is refused.
func (s *VeeamServer) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.refresh = map[string]bool{}
}

// Forbid makes every authenticated call answer 403 (an account without
// the VB365 role).
func (s *VeeamServer) Forbid() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.forbidden = true
}

// Requests returns the requests received so far.
func (s *VeeamServer) Requests() []VeeamRequest { return s.log.list() }

// UserCodes returns the user codes issued so far, oldest first.
func (s *VeeamServer) UserCodes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.st.issued...)
}

// Consumed returns the user codes spent by AddOrganization or
// CreateApplications.
func (s *VeeamServer) Consumed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.st.consumed...)
}

// serve is the front door: recording, scripted failures, the version
// prefix and bearer authentication, then the generated handler.
func (s *VeeamServer) serve(w http.ResponseWriter, r *http.Request, h http.Handler) {
	if decisionHook(w, r, s.Approve, s.Deny) {
		return
	}
	rec := VeeamRequest{At: s.opts.Clock.Now(), Method: r.Method, Path: r.URL.Path, UserAgent: r.UserAgent()}
	prefix := "/" + s.opts.Version + "/"
	rest := strings.TrimPrefix(r.URL.Path, prefix)
	token := strings.EqualFold(strings.Trim(rest, "/"), "token")
	switch {
	case token:
		rec.Grant, rec.Antiforgery = peekForm(r)
	case strings.Contains(rest, "DeviceCode"):
		// Bodies are kept for the device-code calls only: no other body
		// this fake accepts may hold a password or token for the log.
		rec.Body = peekBody(r)
	}
	if !token {
		rec.Authorized = s.authorized(r.Header.Get("Authorization"))
	}
	sw := s.log.add(rec, w, func(e *VeeamRequest) *int { return &e.Status })
	if s.opts.Intercept != nil && s.opts.Intercept(sw, r) {
		return
	}
	if !strings.HasPrefix(r.URL.Path, prefix) {
		veeamWriteError(sw, http.StatusNotFound, "ResourceNotFound", "No such API version.", 0)
		return
	}
	if f, ok := s.takeFailure(rest); ok {
		veeamWriteError(sw, f.status, "", "Scripted failure.", f.retryAfter)
		return
	}
	if token {
		h.ServeHTTP(sw, r)
		return
	}
	switch {
	case !rec.Authorized:
		veeamWriteError(sw, http.StatusUnauthorized, "", "Authorization has been denied for this request.", 0)
	case s.forbidden():
		veeamWriteError(sw, http.StatusForbidden, "ResourceAccessDenied", "Access is denied.", 0)
	default:
		h.ServeHTTP(sw, r)
	}
}

// peekForm reads the token request's grant type and antiforgery field and
// leaves the body for the generated handler.
func peekForm(r *http.Request) (grant, antiforgery string) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return "", ""
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	v, _ := url.ParseQuery(string(b))
	return v.Get("grant_type"), v.Get("disable_antiforgery_token")
}

// peekBody reads a JSON body for the record and leaves it for the handler.
func peekBody(r *http.Request) string {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return ""
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}
