package gitlab

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// ErrTokenExpired is returned by a TokenSource whose token expired without
// a refresh token.
var ErrTokenExpired = vendorkit.ErrTokenExpired

// Start requests a device code (RFC 8628 §3.1) for the configured
// scopes. The response is validated against GitLab's schema and the
// safety rules of package normalize; its expiry is dated from when the
// request was sent. The flow polls the token endpoint (RFC 8628 §3.4):
// its Wait ends when the user approves (the Outcome's Token), declines
// (devicecode.ErrAccessDenied), the code expires
// (devicecode.ErrExpiredToken) or ctx ends. Show the prompt right away:
// the first poll goes out one interval later.
//
// GitLab's token answer adds a non-standard created_at (server time, Unix
// seconds). Expiry is computed from the local receipt time instead, so
// that clock skew between GitLab and this host cannot shorten or extend
// it; created_at stays available as tok.Extra("created_at").
func (c *Client) Start(ctx context.Context) (*devicecode.Flow, error) {
	return c.flow.Start(ctx)
}

// Resume continues a flow from a State saved earlier (Flow.State, e.g.
// stored as JSON), with its interval, expiry and next due time, in this
// or any other process. A State of another instance or application is a
// *devicecode.StateError, before any request.
func (c *Client) Resume(st devicecode.State) (*devicecode.Flow, error) {
	return c.flow.Resume(st)
}

// TokenSource returns tok until it expires, then refreshes it at the token
// endpoint if it has a refresh token, and otherwise fails with
// ErrTokenExpired. ctx carries the refresh requests. A token is renewed
// 10 s before it expires, as with x/oauth2, but one the source refreshed
// at most half its lifetime early: a token that lives only seconds is not
// refreshed at every call.
func (c *Client) TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource {
	return c.flow.TokenSource(ctx, tok)
}

// unsupportedHint explains ErrDeviceFlowUnsupported in GitLab's terms.
const unsupportedHint = "the instance is older than GitLab 17.3, has the device authorization grant disabled, " +
	"or the application may not use it"

// explain adds what GitLab's answers mean. Instances before 17.3, or with
// the flow disabled, answer the device request with 404 or
// unauthorized_client, which the engine reports as
// ErrDeviceFlowUnsupported: say why.
func explain(op string, err error) error {
	if op == vendorkit.OpDevice && errors.Is(err, devicecode.ErrDeviceFlowUnsupported) {
		return fmt.Errorf("%w (%s)", err, unsupportedHint)
	}
	return err
}
