package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// ErrTokenExpired is returned by a TokenSource whose token expired without
// a refresh token.
var ErrTokenExpired = vendorkit.ErrTokenExpired

// Wait polls the token endpoint (RFC 8628 §3.4) until the user approves,
// declines (deviceflow.ErrAccessDenied), the code expires
// (deviceflow.ErrExpiredToken) or ctx ends. Call it right after showing
// the prompt: the first poll goes out one interval later.
//
// GitLab's token answer adds a non-standard created_at (server time, Unix
// seconds). Expiry is computed from the local receipt time instead, so
// that clock skew between GitLab and this host cannot shorten or extend
// it; created_at stays available as tok.Extra("created_at").
func (c *Client) Wait(ctx context.Context, dc *normalize.DeviceCode) (*oauth2.Token, error) {
	if dc == nil || dc.Vendor != normalize.GitLab || dc.DeviceCode == "" {
		return nil, errors.New("gitlab: Wait needs a GitLab device code from Start")
	}
	p, err := deviceflow.NewPoller(dc, c.pollFunc(dc.DeviceCode), c.flow...)
	if err != nil {
		return nil, fmt.Errorf("gitlab: %w", err)
	}
	tok, err := p.Wait(ctx)
	if err != nil {
		return nil, fmt.Errorf("gitlab: %w", err)
	}
	return tok, nil
}

func (c *Client) pollFunc(deviceCode string) deviceflow.PollFunc[*oauth2.Token] {
	return func(ctx context.Context) (*oauth2.Token, error) {
		return c.token(ctx, url.Values{"grant_type": {deviceflow.GrantType}, "device_code": {deviceCode}})
	}
}

// TokenSource returns tok until it expires, then refreshes it at the token
// endpoint if it has a refresh token, and otherwise fails with
// ErrTokenExpired. ctx carries the refresh requests.
func (c *Client) TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource {
	return vendorkit.TokenSource(ctx, tok, c.clock, func(ctx context.Context, refresh string) (*oauth2.Token, error) {
		tok, err := c.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		if err != nil {
			return nil, fmt.Errorf("gitlab: %w", err)
		}
		return tok, nil
	})
}

// token sends one request to the token endpoint. The generated operation
// is named for the device grant, but the endpoint is GitLab's one token
// endpoint, which also serves refresh_token.
func (c *Client) token(ctx context.Context, form url.Values) (*oauth2.Token, error) {
	c.creds.AddTo(form)
	resp, err := c.api.ExchangeDeviceCodeWithBody(ctx, vendorkit.FormContentType, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	return vendorkit.ReadToken(resp, c.clock)
}
