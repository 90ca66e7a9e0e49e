package cohesity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Wait polls GenerateM365DeviceAccessToken on the engine's schedule (the
// answer's intervalSecs, 5 s when absent; backoff on transient failures;
// one final poll at expiry, then devicecode.ErrExpiredToken) until a 201
// carries the Microsoft access token, the classifier ends the flow (see
// Classifier), or ctx ends. dc must come from this Client's Start, which
// remembers its domain; WaitDomain takes the domain explicitly.
//
// The token's Expiry is dated from the local receipt of the answer plus
// its expiresInSecs; TokenType is empty, as Cohesity does not relay it.
func (c *Client) Wait(ctx context.Context, dc *normalize.DeviceCode) (*oauth2.Token, error) {
	p, err := c.Poller(dc)
	if err != nil {
		return nil, err
	}
	return p.Wait(ctx)
}

// WaitDomain is Wait for a device code of domain, e.g. one restored from
// a saved devicecode.State in another process.
func (c *Client) WaitDomain(ctx context.Context, dc *normalize.DeviceCode, domain string) (*oauth2.Token, error) {
	p, err := c.poller(dc, domain)
	if err != nil {
		return nil, err
	}
	return p.Wait(ctx)
}

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
		tok.Expiry = c.settings.Clock().Now().Add(time.Duration(*s) * time.Second)
	}
	return tok, nil
}

func checkCode(dc *normalize.DeviceCode) error {
	if dc == nil || dc.Vendor != normalize.Cohesity || dc.DeviceCode == "" {
		return fail(vendorkit.OpToken, errors.New("not a Cohesity device code from Start"))
	}
	return nil
}
