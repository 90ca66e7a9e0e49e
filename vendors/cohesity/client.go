package cohesity

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Client runs device flows and the source registration against one
// cluster or Helios; it satisfies devicecode.Client. It is safe for
// concurrent use.
type Client struct {
	base     string
	site     devicecode.Origin // where its flows belong, but for their domain (Origin.Tenant)
	cfg      Config
	kind     authKind
	api      *cohesitygen.Client
	settings vendorkit.Settings
	classify Classifier
	mask     vendorkit.Masker // the API key, password and session id, in server text

	st *state // behind a pointer, so that String can take a value
}

// state is what a Client learns as it runs: the cluster login, nothing of
// its flows, which are all in each Flow and its State.
type state struct {
	mu     sync.Mutex
	logins vendorkit.Lock // held across a login, so concurrent calls log in once
	login  string         // the Authorization value of a login; a secret
}

// DefaultUserAgent is sent unless devicecode.WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-cohesity (+https://github.com/devicecode/devicecode)"

// New validates cfg and returns a client; a bad field is a *ConfigError.
func New(cfg Config, opts ...devicecode.Option) (*Client, error) {
	base, kind, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	site, err := cfg.site(base)
	if err != nil {
		return nil, err
	}
	opts, err = vendorkit.TLS{CAPEM: cfg.CAPEM, Pins: cfg.Pins}.Trust(opts)
	if err != nil {
		return nil, &ConfigError{Field: "CAPEM/Pins", Reason: err.Error()}
	}
	s := vendorkit.Collect(DefaultUserAgent, opts)
	c := &Client{base: base, site: site, cfg: cfg, kind: kind, settings: s, classify: cfg.classifier(),
		mask: vendorkit.NewMasker(string(cfg.APIKey), string(cfg.Password), string(cfg.SessionID)), st: &state{}}
	var doer cohesitygen.HttpRequestDoer = s.Doer("cohesity")
	if kind == authLogin {
		doer = relogin{c: c, next: doer}
	}
	api, err := cohesitygen.NewClient(base, cohesitygen.WithHTTPClient(doer),
		cohesitygen.WithRequestEditorFn(cohesitygen.RequestEditorFn(s.UserAgentEditor())))
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
		return header("apiKey", string(c.cfg.APIKey)), nil
	case authSession:
		return header("session-id", string(c.cfg.SessionID)), nil
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
