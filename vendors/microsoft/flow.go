package microsoft

import (
	"context"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// ErrTokenExpired is returned by a TokenSource whose token expired without
// a refresh token (request "offline_access" to get one).
var ErrTokenExpired = vendorkit.ErrTokenExpired

// Start requests a device code (RFC 8628 §3.1) for the configured scopes;
// Entra requires at least one, and a Config without is a *ConfigError
// here, before any request. The response is validated against the v2.0
// schema and the safety rules of package normalize; its expiry is dated
// from when the request was sent. The flow polls the token endpoint (RFC
// 8628 §3.4): its Wait ends when the user approves (the Outcome's Token),
// declines (devicecode.ErrAccessDenied), the code expires
// (devicecode.ErrExpiredToken) or ctx ends. Show the prompt right away:
// the first poll goes out one interval later.
//
// The token keeps every field of Entra's answer: RefreshToken (with the
// offline_access scope), tok.Extra("id_token") (with openid),
// tok.Extra("scope") and tok.Extra("ext_expires_in").
func (c *Client) Start(ctx context.Context) (*devicecode.Flow, error) {
	// Entra answers a request without scope with AADSTS900144; refusing
	// here saves the round trip.
	if len(c.flow.Scopes) == 0 {
		return nil, &ConfigError{Field: "Scopes", Reason: "is empty: Entra ID needs at least one scope to issue a device code, e.g. User.Read"}
	}
	return c.flow.Start(ctx)
}

// Resume continues a flow from a State saved earlier (Flow.State, e.g.
// stored as JSON), with its interval, expiry and next due time, in this
// or any other process. A State of another authority, tenant or app
// registration is a *devicecode.StateError, before any request.
func (c *Client) Resume(st devicecode.State) (*devicecode.Flow, error) {
	return c.flow.Resume(st)
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
