package cohesity

import (
	"context"
	"fmt"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Start asks the cluster for a Microsoft device code for domain (e.g.
// contoso.onmicrosoft.com). The answer (201) is validated against
// Cohesity's schema and the safety rules of package normalize, and its
// verification URI must be on one of Microsoft's device-login hosts (plus
// WithVerificationHosts); its expiry is dated from when the request was
// sent. Any other status is an *Error.
func (c *Client) Start(ctx context.Context, domain string) (*normalize.DeviceCode, error) {
	if domain == "" {
		return nil, fail(vendorkit.OpDevice, fmt.Errorf("the Microsoft 365 domain is missing"))
	}
	dc, err := c.start(ctx, domain)
	if err != nil {
		return nil, fail(vendorkit.OpDevice, c.mask.Err(err))
	}
	c.st.remember(dc, domain, c.settings.Clock().Now())
	return dc, nil
}

func (c *Client) start(ctx context.Context, domain string) (*normalize.DeviceCode, error) {
	auth, err := c.editor(ctx)
	if err != nil {
		return nil, err
	}
	id, region := c.routing()
	clock := c.settings.Clock()
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
		normalize.WithVerificationHosts(c.settings.VerificationHosts()...))
}
