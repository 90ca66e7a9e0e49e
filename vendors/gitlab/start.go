package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// unsupportedHint explains ErrDeviceFlowUnsupported in GitLab's terms.
const unsupportedHint = "the instance is older than GitLab 17.3, has the device authorization grant disabled, " +
	"or the application may not use it"

// Start requests a device code (RFC 8628 §3.1) for scopes, e.g.
// "read_user", "api". The response is validated against GitLab's schema
// and the safety rules of package normalize; its expiry is dated from when
// the request was sent.
func (c *Client) Start(ctx context.Context, scopes ...string) (*normalize.DeviceCode, error) {
	form := url.Values{}
	if len(scopes) > 0 {
		form.Set("scope", strings.Join(scopes, " "))
	}
	c.creds.AddTo(form)
	sent := c.clock.Now()
	// The raw *http.Response, not the generated ParseAuthorizeDeviceResponse:
	// its typed decode would reject a malformed body before the schema in
	// package normalize can say which fields are wrong.
	resp, err := c.api.AuthorizeDeviceWithBody(ctx, vendorkit.FormContentType, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("gitlab: device authorization: %w", err)
	}
	body, err := vendorkit.ReadBody(resp)
	if err != nil {
		return nil, fmt.Errorf("gitlab: device authorization: %w", err)
	}
	received := c.clock.Now()
	// An error body is an error whatever the status, 200 included.
	if err := deviceflow.ResponseError(resp, body, received); err != nil {
		return nil, startError(err)
	}
	dc, err := normalize.Decode(normalize.GitLab, body,
		normalize.WithIssuedAt(received), normalize.WithLatency(received.Sub(sent)))
	if err != nil {
		return nil, fmt.Errorf("gitlab: device authorization: %w", err)
	}
	return dc, nil
}

func startError(err error) error {
	if errors.Is(err, deviceflow.ErrDeviceFlowUnsupported) {
		return fmt.Errorf("gitlab: device authorization: %w (%s)", err, unsupportedHint)
	}
	return fmt.Errorf("gitlab: device authorization: %w", err)
}
