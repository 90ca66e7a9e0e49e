package cohesity

import (
	"context"
	"strings"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Start asks the cluster for a Microsoft device code for Config.Domain
// (GenerateM365DeviceCode) and returns the flow; a Config without a Domain
// is a *ConfigError, before any request. The answer (201) is validated
// against Cohesity's schema and the safety rules of package normalize,
// and its verification URI must be on one of Microsoft's device-login
// hosts (plus WithVerificationHosts); its expiry is dated from when the
// request was sent. Any other status is an *Error.
//
// The flow polls GenerateM365DeviceAccessToken on the engine's schedule
// (the answer's intervalSecs, 5 s when absent; backoff on transient
// failures; one final poll at expiry, then devicecode.ErrExpiredToken)
// until a 201 carries the Microsoft access token, the classifier ends the
// flow (see Classifier), or ctx ends. Show the prompt right away: the
// first poll goes out one interval later. The Outcome's Token is what
// CreateAzureApplications takes; its Expiry is dated from the local
// receipt of the answer plus its expiresInSecs, and its TokenType is
// empty, as Cohesity does not relay it.
//
// The domain is sent in lower case, the spelling the flow's State keeps
// (Origin.Tenant): a flow polls with one spelling whichever Client
// finishes it.
func (c *Client) Start(ctx context.Context) (*devicecode.Flow, error) {
	if c.cfg.Domain == "" {
		return nil, &ConfigError{Field: "Domain", Reason: "is empty: Start asks for a device code for a Microsoft 365 domain, e.g. contoso.onmicrosoft.com"}
	}
	domain := strings.ToLower(c.cfg.Domain)
	dc, err := c.start(ctx, domain)
	if err != nil {
		return nil, fail(vendorkit.OpDevice, c.mask.Err(err))
	}
	f, err := devicecode.NewFlow(dc, c.poll(domain, dc.DeviceCode), c.pollOptions(domain)...)
	if err != nil {
		return nil, fail(vendorkit.OpDevice, err)
	}
	return f, nil
}

func (c *Client) start(ctx context.Context, domain string) (*normalize.DeviceCode, error) {
	auth, err := c.editor(ctx)
	if err != nil {
		return nil, err
	}
	id, region := c.routing()
	clock := c.settings.Clock
	sent := clock.Now()
	// The raw answer, not the generated Parse…Response: its typed decode
	// would reject a malformed body before the schema in package normalize
	// can say which fields are wrong.
	body, err := c.read(c.api.GenerateM365DeviceCode(ctx, //nolint:bodyclose // c.read closes it (vendorkit.ReadBody)
		&cohesitygen.GenerateM365DeviceCodeParams{AccessClusterId: id, RegionId: region},
		cohesitygen.GenerateM365DeviceCodeRequestParams{Domain: &domain}, auth))
	if err != nil {
		return nil, err
	}
	received := clock.Now()
	return normalize.Decode(normalize.Cohesity, body,
		normalize.WithIssuedAt(received), normalize.WithLatency(received.Sub(sent)),
		normalize.WithVerificationHosts(vendorkit.MicrosoftVerificationHosts...),
		normalize.WithVerificationHosts(c.settings.VerificationHosts...))
}
