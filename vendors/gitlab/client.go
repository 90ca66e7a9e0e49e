package gitlab

import (
	"fmt"

	"github.com/devicecode/devicecode/deviceflow"
	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Client runs device flows against one GitLab instance for one OAuth
// application. It is safe for concurrent use.
type Client struct {
	baseURL string
	creds   vendorkit.Credentials
	api     gitlabgen.ClientInterface
	clock   deviceflow.Clock
	flow    []deviceflow.Option
}

// New validates cfg and returns a client; a bad field is a *ConfigError.
func New(cfg Config, opts ...Option) (*Client, error) {
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	o := collect(opts)
	creds := cfg.credentials()
	api, err := gitlabgen.NewClient(base.String(),
		gitlabgen.WithHTTPClient(o.doer()),
		gitlabgen.WithRequestEditorFn(gitlabgen.RequestEditorFn(creds.Editor())))
	if err != nil {
		return nil, fmt.Errorf("gitlab: %w", err)
	}
	flow := append([]deviceflow.Option{deviceflow.WithClock(o.clock)}, o.flow...)
	return &Client{baseURL: base.String(), creds: creds, api: api, clock: o.clock, flow: flow}, nil
}

// String shows the instance and application, never the secret.
func (c *Client) String() string {
	return fmt.Sprintf("gitlab.Client{BaseURL:%s ClientID:%s AuthStyle:%s}",
		c.baseURL, c.creds.ClientID, vendorkit.StyleName(c.creds.Style))
}

// GoString keeps the secret out of %#v.
func (c *Client) GoString() string { return c.String() }
