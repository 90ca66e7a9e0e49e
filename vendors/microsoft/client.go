package microsoft

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/devicecode/devicecode"
	microsoftgen "github.com/devicecode/devicecode/gen/microsoft"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// errorCodes maps Entra's own polling error codes onto the engine's
// sentinels; the RFC 8628 codes need no entry.
var errorCodes = map[string]error{
	"authorization_declined": devicecode.ErrAccessDenied,      // RFC access_denied
	"bad_verification_code":  devicecode.ErrInvalidDeviceCode, // unknown device code
}

// Client runs device flows against one tenant for one app registration. It
// is safe for concurrent use.
type Client struct {
	tenant    string
	authority string
	flow      vendorkit.Flow
}

// DefaultUserAgent is sent unless devicecode.WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-microsoft (+https://github.com/devicecode/devicecode)"

// New validates cfg and returns a client; a bad field is a *ConfigError.
func New(cfg Config, opts ...devicecode.Option) (*Client, error) {
	host, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	s := vendorkit.Collect(DefaultUserAgent, opts)
	creds := cfg.credentials()
	api, err := microsoftgen.NewClient(host.String(),
		microsoftgen.WithHTTPClient(s.Doer("microsoft")),
		microsoftgen.WithRequestEditorFn(microsoftgen.RequestEditorFn(s.UserAgentEditor())),
		microsoftgen.WithRequestEditorFn(microsoftgen.RequestEditorFn(creds.Editor())))
	if err != nil {
		return nil, fmt.Errorf("microsoft: %w", err)
	}
	tenant := cfg.Tenant
	return &Client{tenant: tenant, authority: host.String(), flow: vendorkit.Flow{
		Vendor: normalize.Microsoft, Name: "Microsoft", Credentials: creds, Scopes: append([]string(nil), cfg.Scopes...), Mask: creds.Masker(), Explain: explain, Settings: s,
		Poll:              []devicecode.Option{devicecode.WithErrorCodes(errorCodes)},
		VerificationHosts: VerificationHosts(host.Hostname()),
		Origin:            vendorkit.Origin(host, tenant, creds.ClientID),
		Device: func(ctx context.Context, body io.Reader) (*http.Response, error) {
			return api.RequestDeviceCodeWithBody(ctx, tenant, nil, vendorkit.FormContentType, body)
		},
		// The v2.0 token endpoint serves both the device grant and refresh_token.
		Token: func(ctx context.Context, body io.Reader) (*http.Response, error) {
			return api.RequestTokenWithBody(ctx, tenant, vendorkit.FormContentType, body)
		},
	}}, nil
}

// String shows the tenant and application, never the secret.
//
// A value receiver, so that a dereferenced Client (fmt.Print(*c)) does not
// print its fields, the secret among them.
func (c Client) String() string {
	return fmt.Sprintf("microsoft.Client{AuthorityHost:%s Tenant:%s ClientID:%s AuthStyle:%s}",
		vendorkit.ShowURL(c.authority), c.tenant, c.flow.Credentials.ClientID, vendorkit.StyleName(c.flow.Credentials.Style))
}

// GoString keeps the secret out of %#v.
func (c Client) GoString() string { return c.String() }

// Format keeps the secret out of the verbs String does not serve (%d,
// %o, …), which fmt would answer with the fields.
func (c Client) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }
