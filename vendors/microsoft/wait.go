package microsoft

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// ErrTokenExpired is returned by a TokenSource whose token expired without
// a refresh token (request "offline_access" to get one).
var ErrTokenExpired = vendorkit.ErrTokenExpired

// Wait polls the token endpoint (RFC 8628 §3.4) until the user approves,
// declines (deviceflow.ErrAccessDenied), the code expires
// (deviceflow.ErrExpiredToken) or ctx ends. Call it right after showing
// the prompt: the first poll goes out one interval later.
//
// The token keeps every field of Entra's answer: RefreshToken (with the
// offline_access scope), tok.Extra("id_token") (with openid),
// tok.Extra("scope") and tok.Extra("ext_expires_in").
func (c *Client) Wait(ctx context.Context, dc *normalize.DeviceCode) (*oauth2.Token, error) {
	if dc == nil || dc.Vendor != normalize.Microsoft || dc.DeviceCode == "" {
		return nil, errors.New("microsoft: Wait needs a Microsoft device code from Start")
	}
	p, err := deviceflow.NewPoller(dc, c.pollFunc(dc.DeviceCode), c.flow...)
	if err != nil {
		return nil, explain("token", err)
	}
	tok, err := p.Wait(ctx)
	if err != nil {
		return nil, explain("token", err)
	}
	return tok, nil
}

func (c *Client) pollFunc(deviceCode string) deviceflow.PollFunc[*oauth2.Token] {
	return func(ctx context.Context) (*oauth2.Token, error) {
		return c.token(ctx, url.Values{"grant_type": {deviceflow.GrantType}, "device_code": {deviceCode}})
	}
}

// TokenSource returns tok until it expires, then redeems its refresh token
// at the token endpoint, and without one fails with ErrTokenExpired. ctx
// carries the refresh requests.
func (c *Client) TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource {
	return vendorkit.TokenSource(ctx, tok, c.clock, func(ctx context.Context, refresh string) (*oauth2.Token, error) {
		tok, err := c.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		if err != nil {
			return nil, explain("refresh", err)
		}
		return tok, nil
	})
}

// token sends one request to the v2.0 token endpoint, which serves both
// the device grant and refresh_token.
func (c *Client) token(ctx context.Context, form url.Values) (*oauth2.Token, error) {
	c.creds.AddTo(form)
	resp, err := c.api.RequestTokenWithBody(ctx, c.tenant, vendorkit.FormContentType, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	return vendorkit.ReadToken(resp, c.clock)
}
