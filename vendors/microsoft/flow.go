package microsoft

import (
	"context"
	"errors"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// ErrTokenExpired is returned by a TokenSource whose token expired without
// a refresh token (request "offline_access" to get one).
var ErrTokenExpired = vendorkit.ErrTokenExpired

// Start requests a device code (RFC 8628 §3.1) for scopes, e.g.
// "User.Read", "offline_access" (for a refresh token), "openid" (for an
// ID token). Entra requires at least one scope. The response is validated
// against the v2.0 schema and the safety rules of package normalize; its
// expiry is dated from when the request was sent.
func (c *Client) Start(ctx context.Context, scopes ...string) (*normalize.DeviceCode, error) {
	// Entra answers a request without scope with AADSTS900144; refusing
	// here saves the round trip.
	if len(scopes) == 0 {
		return nil, errors.New("microsoft: Start needs at least one scope")
	}
	return c.flow.Start(ctx, scopes...)
}

// Wait polls the token endpoint (RFC 8628 §3.4) until the user approves,
// declines (devicecode.ErrAccessDenied), the code expires
// (devicecode.ErrExpiredToken) or ctx ends. Call it right after showing
// the prompt: the first poll goes out one interval later.
//
// The token keeps every field of Entra's answer: RefreshToken (with the
// offline_access scope), tok.Extra("id_token") (with openid),
// tok.Extra("scope") and tok.Extra("ext_expires_in").
func (c *Client) Wait(ctx context.Context, dc *normalize.DeviceCode) (*oauth2.Token, error) {
	return c.flow.Wait(ctx, dc)
}

// TokenSource returns tok until it expires, then redeems its refresh token
// at the token endpoint, and without one fails with ErrTokenExpired. ctx
// carries the refresh requests. A token is renewed 10 s before it
// expires, as with x/oauth2, but one the source refreshed at most half its
// lifetime early: a token that lives only seconds is not refreshed at
// every call.
func (c *Client) TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource {
	return c.flow.TokenSource(ctx, tok)
}
