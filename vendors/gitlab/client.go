package gitlab

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/devicecode/devicecode"
	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Client runs device flows against one GitLab instance for one OAuth
// application. It is safe for concurrent use.
type Client struct {
	baseURL string
	flow    vendorkit.Flow
}

// DefaultUserAgent is sent unless devicecode.WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-gitlab (+https://github.com/devicecode/devicecode)"

// New validates cfg and returns a client; a bad field is a *ConfigError.
func New(cfg Config, opts ...devicecode.Option) (*Client, error) {
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	s := vendorkit.Collect(DefaultUserAgent, opts)
	creds := cfg.credentials()
	api, err := gitlabgen.NewClient(base.String(),
		gitlabgen.WithHTTPClient(s.Doer("gitlab")),
		gitlabgen.WithRequestEditorFn(gitlabgen.RequestEditorFn(s.UserAgentEditor())),
		gitlabgen.WithRequestEditorFn(gitlabgen.RequestEditorFn(creds.Editor())))
	if err != nil {
		return nil, fmt.Errorf("gitlab: %w", err)
	}
	return &Client{baseURL: base.String(), flow: vendorkit.Flow{
		Vendor: normalize.GitLab, Name: "GitLab", Credentials: creds, Scopes: append([]string(nil), cfg.Scopes...), Mask: creds.Masker(), Explain: explain, Settings: s,
		// The instance serves its own device page ({base}/oauth/device).
		VerificationHosts: []string{base.Hostname()},
		Origin:            vendorkit.Origin(base, "", creds.ClientID),
		Device: func(ctx context.Context, body io.Reader) (*http.Response, error) {
			return api.AuthorizeDeviceWithBody(ctx, vendorkit.FormContentType, body)
		},
		// The generated operation is named for the device grant, but it is
		// GitLab's one token endpoint, which also serves refresh_token.
		Token: func(ctx context.Context, body io.Reader) (*http.Response, error) {
			return api.ExchangeDeviceCodeWithBody(ctx, vendorkit.FormContentType, body)
		},
	}}, nil
}

// String shows the instance and application, never the secret.
//
// A value receiver, so that a dereferenced Client (fmt.Print(*c)) does not
// print its fields, the secret among them.
func (c Client) String() string {
	return fmt.Sprintf("gitlab.Client{BaseURL:%s ClientID:%s AuthStyle:%s}",
		vendorkit.ShowURL(c.baseURL), c.flow.Credentials.ClientID, vendorkit.StyleName(c.flow.Credentials.Style))
}

// GoString keeps the secret out of %#v.
func (c Client) GoString() string { return c.String() }

// Format keeps the secret out of the verbs String does not serve (%d,
// %o, …), which fmt would answer with the fields.
func (c Client) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }
