package cohesity

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Client runs device flows and the source registration against one
// cluster or Helios. It is safe for concurrent use.
type Client struct {
	base     string
	site     devicecode.Origin // where its flows belong, but for the domain
	cfg      Config
	kind     authKind
	api      *cohesitygen.Client
	settings vendorkit.Settings
	classify Classifier
	mask     vendorkit.Masker // the API key, password and session id, in server text

	st *state // behind a pointer, so that String can take a value
}

// state is what a Client learns as it runs.
type state struct {
	mu      sync.Mutex
	logins  vendorkit.Lock         // held across a login, so concurrent calls log in once
	login   string                 // the Authorization value of a login; a secret
	domains map[string]pendingCode // by device code, for Wait and Poller
}

// pendingCode is what Start remembers of a device code until Wait or
// Poller takes it, or it expires.
type pendingCode struct {
	domain  string
	expires time.Time
}

// remember notes dc's domain and forgets the codes that expired unused,
// so a backend that abandons sign-ins does not grow the map without bound.
func (st *state) remember(dc *normalize.DeviceCode, domain string, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for code, p := range st.domains {
		if !p.expires.IsZero() && now.After(p.expires) {
			delete(st.domains, code)
		}
	}
	st.domains[dc.DeviceCode] = pendingCode{domain: domain, expires: dc.ExpiresAt}
}

// New validates cfg and returns a client; a bad field is a *ConfigError.
func New(cfg Config, opts ...Option) (*Client, error) {
	base, kind, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	site, err := cfg.site(base)
	if err != nil {
		return nil, err
	}
	if len(cfg.CAPEM) > 0 || len(cfg.Pins) > 0 {
		hc, err := vendorkit.TLS{CAPEM: cfg.CAPEM, Pins: cfg.Pins}.HTTPClient()
		if err != nil {
			return nil, &ConfigError{Field: "CAPEM/Pins", Reason: err.Error()}
		}
		// Last, so that it wins: a WithHTTPClient client would otherwise
		// drop the trust the config asked for.
		opts = append(opts[:len(opts):len(opts)], vendorkit.WithHTTPClient(hc))
	}
	s := vendorkit.Collect(DefaultUserAgent, opts)
	classify := cfg.Classify
	if classify == nil {
		classify = DefaultClassifier
	}
	c := &Client{base: base, site: site, cfg: cfg, kind: kind, settings: s, classify: classify,
		mask: vendorkit.NewMasker(cfg.APIKey, cfg.Password, cfg.SessionID), st: &state{domains: map[string]pendingCode{}}}
	var doer cohesitygen.HttpRequestDoer = s.Doer()
	if kind == authLogin {
		doer = relogin{c: c, next: doer}
	}
	api, err := cohesitygen.NewClient(base, cohesitygen.WithHTTPClient(doer),
		cohesitygen.WithRequestEditorFn(cohesitygen.RequestEditorFn(s.UserAgent())))
	if err != nil {
		return nil, fmt.Errorf("cohesity: %w", err)
	}
	c.api = api
	return c, nil
}

// String shows the cluster and the kind of credential, never a secret.
//
// A value receiver, so that a dereferenced Client (fmt.Print(*c)) does not
// print its fields, the secrets among them.
func (c Client) String() string {
	return fmt.Sprintf("cohesity.Client{BaseURL:%s Auth:%s}", vendorkit.ShowURL(c.base), [...]string{"apiKey", "login", "session-id"}[c.kind])
}

// GoString keeps the secrets out of %#v.
func (c Client) GoString() string { return c.String() }

// Format keeps the secrets out of the verbs String does not serve (%d,
// %o, …), which fmt would answer with the fields.
func (c Client) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }

// editor authenticates one request, logging in first when the config
// names a username and password and no login is cached.
func (c *Client) editor(ctx context.Context) (cohesitygen.RequestEditorFn, error) {
	switch c.kind {
	case authAPIKey:
		return header("apiKey", c.cfg.APIKey), nil
	case authSession:
		return header("session-id", c.cfg.SessionID), nil
	}
	auth, err := c.authorization(ctx)
	if err != nil {
		return nil, err
	}
	return header("Authorization", auth), nil
}

func header(name, value string) cohesitygen.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set(name, value)
		return nil
	}
}
