package microsoft

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Start requests a device code (RFC 8628 §3.1) for scopes, e.g.
// "User.Read", "offline_access" (for a refresh token), "openid" (for an
// ID token). Entra requires at least one scope. The response is validated
// against the v2.0 schema and the safety rules of package normalize; its
// expiry is dated from when the request was sent.
func (c *Client) Start(ctx context.Context, scopes ...string) (*normalize.DeviceCode, error) {
	if len(scopes) == 0 {
		return nil, errors.New("microsoft: Start needs at least one scope")
	}
	form := url.Values{"scope": {strings.Join(scopes, " ")}}
	c.creds.AddTo(form)
	sent := c.clock.Now()
	// The raw *http.Response, not the generated ParseRequestDeviceCodeResponse:
	// its typed decode would reject a malformed body before the schema in
	// package normalize can say which fields are wrong.
	resp, err := c.api.RequestDeviceCodeWithBody(ctx, c.tenant, nil, vendorkit.FormContentType, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, explain("device authorization", err)
	}
	body, err := vendorkit.ReadBody(resp)
	if err != nil {
		return nil, explain("device authorization", err)
	}
	received := c.clock.Now()
	// An error body is an error whatever the status, 200 included.
	if err := deviceflow.ResponseError(resp, body, received); err != nil {
		return nil, explain("device authorization", err)
	}
	dc, err := normalize.Decode(normalize.Microsoft, body,
		normalize.WithIssuedAt(received), normalize.WithLatency(received.Sub(sent)))
	if err != nil {
		return nil, explain("device authorization", err)
	}
	return dc, nil
}
