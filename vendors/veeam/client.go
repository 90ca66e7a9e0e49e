package veeam

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/devicecode/devicecode"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Client runs VB365's brokered device flow against one server with one
// account. It is safe for concurrent use.
type Client struct {
	cfg   Config
	base  *url.URL
	start send // Config.Target's device-code request; nil without a target
	s     vendorkit.Settings
	doer  *http.Client
	mask  vendorkit.Masker // the password, in server text
	// st is behind a pointer so that the value-receiver String copies no
	// lock.
	st *state
}

type state struct {
	sess session

	mu      vendorkit.Lock // guards version and api; held across the probe
	version Version
	api     *veeamgen.Client
}

// A *Client satisfies the contract, so that devicecode.SignIn and code
// written for every vendor take it.
var _ devicecode.Client = (*Client)(nil)

// DefaultUserAgent is sent unless devicecode.WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-veeam (+https://github.com/devicecode/devicecode)"

// New validates cfg and returns a client; a bad field is a *ConfigError.
// cfg.Target may be zero, for a client that only resumes flows or spends
// user codes; Start then refuses. New sends nothing: the version probe and
// the sign-in happen on first use.
func New(cfg Config, opts ...devicecode.Option) (*Client, error) {
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	var start send
	if cfg.Target.kind != 0 {
		if start, err = cfg.Target.send(); err != nil {
			return nil, &ConfigError{Field: "Target", Reason: err.Error()}
		}
	}
	opts, err = vendorkit.TLS{CAPEM: cfg.CAPEM, Pins: cfg.Pins}.Trust(opts)
	if err != nil {
		return nil, &ConfigError{Field: "CAPEM/Pins", Reason: err.Error()}
	}
	s := vendorkit.Collect(DefaultUserAgent, opts)
	return &Client{cfg: cfg, base: base, start: start, s: s, doer: s.Doer("veeam"), mask: vendorkit.NewMasker(string(cfg.Password)), st: &state{}}, nil
}

// APIVersion returns the version the client speaks: Config.APIVersion, or
// the newest one the server answers, probed on the first call and kept.
func (c *Client) APIVersion(ctx context.Context) (Version, error) {
	_, v, err := c.client(ctx)
	if err != nil {
		return "", fmt.Errorf("veeam: %w", c.mask.Err(err))
	}
	return v, nil
}

// client returns the generated client for the resolved version; its
// server URL is base + "/vN", so one generated client serves every version.
func (c *Client) client(ctx context.Context) (*veeamgen.Client, Version, error) {
	if err := c.st.mu.Lock(ctx); err != nil {
		return nil, "", step(opVersion, err)
	}
	defer c.st.mu.Unlock()
	if c.st.api != nil {
		return c.st.api, c.st.version, nil
	}
	v := c.cfg.APIVersion
	if v == "" {
		var err error
		if v, err = c.probe(ctx); err != nil {
			return nil, "", step(opVersion, err)
		}
	}
	api, err := c.generated(v)
	if err != nil {
		return nil, "", step(opVersion, err)
	}
	c.st.api, c.st.version = api, v
	return api, v, nil
}

func (c *Client) generated(v Version) (*veeamgen.Client, error) {
	return veeamgen.NewClient(c.base.String()+"/"+string(v), veeamgen.WithHTTPClient(c.doer),
		veeamgen.WithRequestEditorFn(veeamgen.RequestEditorFn(c.s.UserAgentEditor())))
}

// String shows the server and account, never the password or a token.
//
// A value receiver, so that a dereferenced Client (fmt.Print(*c)) does not
// print its fields.
func (c Client) String() string {
	return fmt.Sprintf("veeam.Client{BaseURL:%s Username:%s}", vendorkit.ShowURL(c.base.String()), c.cfg.Username)
}

// GoString keeps the password and tokens out of %#v.
func (c Client) GoString() string { return c.String() }

// Format keeps the password and tokens out of the verbs String does not
// serve (%d, %o, …), which fmt would answer with the fields.
func (c Client) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }
