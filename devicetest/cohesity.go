package devicetest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// The Cohesity fake's error codes. Cohesity documents none for the token
// poll (UNVERIFIED): these are the fake's own, so that tests can script a
// classifier against them.
const (
	CohesityPendingCode  = "KAuthorizationPending"
	CohesityDeniedCode   = "KAccessDenied"
	CohesityExpiredCode  = "KExpired"
	CohesityUnauthorized = "KUnauthorized"
	CohesityForbidden    = "KPermissionDenied"
	CohesityNotFound     = "KNotFound"
	CohesityInvalid      = "KInvalidRequest"
)

// CohesityOptions configure NewCohesity. The zero value accepts the API key
// CohesityAPIKey only, issues codes for 15 minutes with a 5 s interval,
// and runs on the system clock.
type CohesityOptions struct {
	Clock clock.Clock
	// APIKey, SessionID and Username/Password/Domain are the credentials
	// the fake accepts (empty: that kind is refused). A zero APIKey,
	// SessionID and Username is CohesityAPIKey.
	APIKey, SessionID          string
	Username, Password, Domain string
	// ForbiddenAPIKey authenticates but lacks PROTECTION_MODIFY: 403.
	ForbiddenAPIKey string
	// Domains are the Microsoft 365 domains the cluster knows; others get
	// 404 CohesityNotFound. Nil knows every domain.
	Domains []string
	// Lifetime and Interval of the codes; zero: 900 s and 5 s.
	// OmitInterval leaves intervalSecs out (every property of Cohesity's
	// answer is optional; clients then poll every 5 s).
	Lifetime, Interval time.Duration
	OmitInterval       bool
	// Script answers the first token polls of each flow, in Cohesity's
	// words: Pending is 400 CohesityPendingCode; SlowDown, which Cohesity
	// does not document, is what Helios answers a client polling too
	// fast, 429 with Retry-After, as is TooMany; Unavailable is 503 with
	// Retry-After; Drop closes the connection; PendingOK is the pending
	// Error body with HTTP 200; Slow is pending after SlowBy.
	Script []Answer
	// RetryAfter goes with SlowDown, TooMany and Unavailable; SlowBy is
	// how long a Slow answer takes on the fake's clock (zero: the
	// interval, both).
	RetryAfter, SlowBy time.Duration
	// Person, when set, decides every code by its age on the fake's
	// clock (ApproveAfter, DenyAfter); Approve and Deny win over it.
	Person Person
	// VerificationURI is relayed as Microsoft's; zero is
	// https://microsoft.com/devicelogin.
	VerificationURI string
	// TLS serves https with a self-signed certificate (CertificatePEM).
	TLS bool
	// Intercept sees each request first (after it is recorded) and
	// answers it itself by returning true: for what no faithful fake
	// sends (hostile bodies, a vendor's bug), as Options.Intercept.
	Intercept func(w http.ResponseWriter, r *http.Request) bool
	// Logger, when set, logs each sign-in's steps, as Options.Logger.
	Logger *slog.Logger
}

// CohesityAPIKey is the key a zero CohesityOptions accepts.
const CohesityAPIKey = "devicetest-cohesity-api-key"

// CohesityRequest is one request the fake received.
type CohesityRequest struct {
	At     time.Time
	Method string
	Path   string // with the /v2 prefix
	Status int    // 0 for a dropped connection
	// Auth is the kind of credential it carried: "apiKey", "session-id",
	// "Authorization" or "".
	Auth string
	// AccessClusterID and RegionID are the Helios headers as sent.
	AccessClusterID, RegionID string
	UserAgent                 string
}

// CohesityServer is a running fake of a CohesityServer cluster's v2 API: login,
// the Microsoft 365 device flow, Azure applications and source
// registration, served through the strict server generated from
// specs/cohesity.
type CohesityServer struct {
	// URL is the cluster address (no /v2), as a user would type it.
	URL string
	// CertificatePEM is the server certificate when TLS is set, for a CA
	// file (as VeeamServer's).
	CertificatePEM []byte

	opts  CohesityOptions
	srv   *httptest.Server
	clock clock.Clock

	mu       sync.Mutex
	reqs     requestLog[CohesityRequest]
	flows    map[string]*cohesityFlow // by device code
	logins   map[string]bool          // issued login tokens
	msTokens map[string]bool          // issued Microsoft tokens
	apps     []cohesitygen.CreateAzureApplicationRequestParams
	sources  []cohesitygen.SourceRegistrationRequestParams
}

type cohesityFlow struct {
	deviceCode, userCode, domain string
	issued, expires              time.Time
	approved, denied             bool
	redeemed                     bool // its token was issued
	polls                        int
}

// NewCohesity starts a fake on loopback; Close stops it.
func NewCohesity(o CohesityOptions) *CohesityServer {
	if o.APIKey == "" && o.SessionID == "" && o.Username == "" {
		o.APIKey = CohesityAPIKey
	}
	c := &CohesityServer{opts: o, clock: o.Clock, flows: map[string]*cohesityFlow{},
		logins: map[string]bool{}, msTokens: map[string]bool{}}
	if c.clock == nil {
		c.clock = clock.System()
	}
	h := cohesitygen.HandlerWithOptions(cohesitygen.NewStrictHandler(&cohesityAPI{c}, nil),
		cohesitygen.StdHTTPServerOptions{BaseURL: "/v2"})
	if o.TLS {
		c.srv = httptest.NewTLSServer(c.guard(h))
	} else {
		c.srv = httptest.NewServer(c.guard(h))
	}
	c.URL = c.srv.URL
	if cert := c.srv.Certificate(); cert != nil && o.TLS {
		c.CertificatePEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	}
	return c
}

// Close stops the fake.
func (c *CohesityServer) Close() { c.srv.Close() }

// Approve signs the person in for userCode: the next poll gets the token.
// A code is decided once, like Microsoft's: after Approve or Deny, or once
// its token was issued, it is ErrUsedUserCode; past its lifetime,
// ErrExpiredUserCode.
func (c *CohesityServer) Approve(userCode string) error { return c.decide(userCode, Approved) }

// Deny declines the sign-in for userCode, with Approve's errors.
func (c *CohesityServer) Deny(userCode string) error { return c.decide(userCode, Denied) }

// Requests are the requests received so far, in order.
func (c *CohesityServer) Requests() []CohesityRequest { return c.reqs.list() }

// AppRequests are the Azure application requests received (POST and PUT).
func (c *CohesityServer) AppRequests() []cohesitygen.CreateAzureApplicationRequestParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]cohesitygen.CreateAzureApplicationRequestParams(nil), c.apps...)
}

// Registrations are the source registrations received.
func (c *CohesityServer) Registrations() []cohesitygen.SourceRegistrationRequestParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]cohesitygen.SourceRegistrationRequestParams(nil), c.sources...)
}

func (o CohesityOptions) lifetime() time.Duration {
	if o.Lifetime > 0 {
		return o.Lifetime
	}
	return 900 * time.Second
}

func (o CohesityOptions) interval() time.Duration {
	if o.Interval > 0 {
		return o.Interval
	}
	return 5 * time.Second
}

func cohesityRandom(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Client is an *http.Client for the fake (it trusts the fake's
// certificate when TLS is set).
func (c *CohesityServer) Client() *http.Client { return c.srv.Client() }

// Handler is the fake as an http.Handler, to mount it elsewhere (e.g.
// under http.StripPrefix in a sandbox); paths start at /v2.
func (c *CohesityServer) Handler() http.Handler { return c.srv.Config.Handler }

// ExpireLogins forgets every login token issued so far, as a cluster does
// after 24 hours: the next call with one answers 401.
func (c *CohesityServer) ExpireLogins() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.logins = map[string]bool{}
}
