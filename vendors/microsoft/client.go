package microsoft

import (
	"fmt"

	"github.com/devicecode/devicecode/deviceflow"
	microsoftgen "github.com/devicecode/devicecode/gen/microsoft"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// errorCodes maps Entra's own polling error codes onto the engine's
// sentinels; the RFC 8628 codes need no entry.
var errorCodes = map[string]error{
	"authorization_declined": deviceflow.ErrAccessDenied,      // RFC access_denied
	"bad_verification_code":  deviceflow.ErrInvalidDeviceCode, // unknown device code
}

// Client runs device flows against one tenant for one app registration. It
// is safe for concurrent use.
type Client struct {
	tenant    string
	authority string
	creds     vendorkit.Credentials
	api       microsoftgen.ClientInterface
	clock     deviceflow.Clock
	flow      []deviceflow.Option
}

// New validates cfg and returns a client; a bad field is a *ConfigError.
func New(cfg Config, opts ...Option) (*Client, error) {
	host, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	o := collect(opts)
	creds := cfg.credentials()
	api, err := microsoftgen.NewClient(host.String(),
		microsoftgen.WithHTTPClient(o.doer()),
		microsoftgen.WithRequestEditorFn(microsoftgen.RequestEditorFn(creds.Editor())))
	if err != nil {
		return nil, fmt.Errorf("microsoft: %w", err)
	}
	flow := append([]deviceflow.Option{deviceflow.WithClock(o.clock), deviceflow.WithErrorCodes(errorCodes)}, o.flow...)
	return &Client{tenant: cfg.Tenant, authority: host.String(), creds: creds, api: api, clock: o.clock, flow: flow}, nil
}

// String shows the tenant and application, never the secret.
func (c *Client) String() string {
	return fmt.Sprintf("microsoft.Client{AuthorityHost:%s Tenant:%s ClientID:%s AuthStyle:%s}",
		c.authority, c.tenant, c.creds.ClientID, vendorkit.StyleName(c.creds.Style))
}

// GoString keeps the secret out of %#v.
func (c *Client) GoString() string { return c.String() }
