package cohesity

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// pollToken sends one token request.
func (c *Client) pollToken(ctx context.Context, domain, deviceCode string) (*oauth2.Token, error) {
	auth, err := c.editor(ctx)
	if err != nil {
		return nil, err
	}
	id, region := c.routing()
	var out cohesitygen.GenerateM365DeviceAccessTokenResponseParams
	resp, err := c.api.GenerateM365DeviceAccessToken(ctx, //nolint:bodyclose // c.decode closes it (vendorkit.ReadBody)
		&cohesitygen.GenerateM365DeviceAccessTokenParams{AccessClusterId: id, RegionId: region},
		cohesitygen.GenerateM365DeviceAccessTokenRequestParams{Domain: &domain, DeviceCode: &deviceCode}, auth)
	if err := c.decode(resp, err, &out); err != nil {
		return nil, err
	}
	if deref(out.AccessToken) == "" {
		return nil, fmt.Errorf("%w: the token answer (201) has no accessToken", devicecode.ErrInvalidResponse)
	}
	tok := &oauth2.Token{AccessToken: *out.AccessToken}
	// The engine's bound for expires_in; a larger value would also wrap
	// time.Duration and date the token in the past.
	if s := out.ExpiresInSecs; s != nil && *s > 1<<31 {
		return nil, fmt.Errorf("%w: the token answer's expiresInSecs %d is out of range", devicecode.ErrInvalidResponse, *s)
	}
	if s := out.ExpiresInSecs; s != nil && *s > 0 {
		tok.ExpiresIn = *s
		tok.Expiry = c.settings.Clock.Now().Add(time.Duration(*s) * time.Second)
	}
	return tok, nil
}
