package vendorkit

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// The operations a Flow names in every error, in a user's words.
const (
	OpDevice  = "requesting a device code"    // the device authorization request (RFC 8628 §3.1)
	OpToken   = "waiting for approval"        // polling the token endpoint (RFC 8628 §3.4)
	OpRefresh = "refreshing the access token" // redeeming a refresh token (RFC 6749 §6)
)

// Send posts a form-encoded body to one endpoint through the vendor's
// generated client; the vendor fills in path parameters such as a tenant.
type Send func(ctx context.Context, body io.Reader) (*http.Response, error)

// Flow is the device flow of a vendor that speaks RFC 8628 on the wire
// (GitLab, Entra ID): one device authorization endpoint and one token
// endpoint that serves both the device grant and refresh_token. The vendor
// package supplies only data (its endpoints, names, error hints).
type Flow struct {
	Vendor      normalize.Vendor // the schema Start decodes with; also the error prefix
	Name        string           // the vendor as people write it, e.g. "GitLab"
	Credentials Credentials
	Scopes      []string // what Start asks for; none: no scope parameter
	Device      Send     // the device authorization endpoint
	Token       Send     // the token endpoint
	// Explain lets the vendor add what it knows to an error (a hint, its
	// own error type) before the flow prefixes it with the vendor and the
	// operation; nil adds nothing. op is OpDevice, OpToken or OpRefresh.
	Explain  func(op string, err error) error
	Settings Settings
	// VerificationHosts is the vendor's default set of hosts a
	// verification URI may point at; WithVerificationHosts extends it.
	VerificationHosts []string
	// Poll holds the vendor's own engine options, e.g.
	// devicecode.WithErrorCodes for non-standard polling errors.
	Poll []devicecode.Option
	// Origin is where the flow's device codes belong (see Origin): saved
	// States carry it, and Resume refuses another.
	Origin devicecode.Origin
	// Mask is Credentials.Masker(), made once: it masks the client secret
	// in every answer before the answer becomes an error.
	Mask Masker
}

// Start requests a device code for the flow's scopes and returns the flow
// that polls for it.
func (f *Flow) Start(ctx context.Context) (*devicecode.Flow, error) {
	dc, err := f.request(ctx, f.Scopes)
	if err != nil {
		return nil, err
	}
	return devicecode.NewFlow(dc, f.poll(dc.DeviceCode), f.PollOptions()...)
}

// request asks for a device code and decodes it with the vendor's schema.
// The expiry is dated from when the request was sent, so a slow server
// cannot stretch the code's lifetime.
func (f *Flow) request(ctx context.Context, scopes []string) (*normalize.DeviceCode, error) {
	form := url.Values{}
	if len(scopes) > 0 {
		form.Set("scope", strings.Join(scopes, " "))
	}
	f.Credentials.AddTo(form)
	clock := f.Settings.Clock
	sent := clock.Now()
	// The raw *http.Response, not the generated Parse…Response: its typed
	// decode would reject a malformed body before the schema in package
	// normalize can say which fields are wrong.
	resp, err := f.Device(ctx, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, f.fail(OpDevice, err)
	}
	body, err := ReadBody(resp)
	if err != nil {
		return nil, f.fail(OpDevice, err)
	}
	received := clock.Now()
	// An error body is an error whatever the status, 200 included.
	if err := devicecode.CheckResponse(resp, body, received); err != nil {
		return nil, f.fail(OpDevice, err)
	}
	dc, err := normalize.Decode(f.Vendor, body,
		normalize.WithIssuedAt(received), normalize.WithLatency(received.Sub(sent)),
		normalize.WithVerificationHosts(f.VerificationHosts...),
		normalize.WithVerificationHosts(f.Settings.VerificationHosts...))
	if err != nil {
		return nil, f.fail(OpDevice, err)
	}
	return dc, nil
}

// TokenSource returns tok until it expires, then redeems its refresh token
// at the token endpoint, and without one fails with ErrTokenExpired.
func (f *Flow) TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource {
	refresh := func(ctx context.Context, refresh string) (*oauth2.Token, error) {
		return f.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	}
	return TokenSource(ctx, tok, f.Settings.Clock, refresh, func(err error) error { return f.fail(OpRefresh, err) })
}

// fail is every error the flow returns: the vendor's additions, then one
// prefix naming the vendor and the operation ("gitlab: waiting for
// approval: the sign-in was declined (access_denied, HTTP 400)").
func (f *Flow) fail(op string, err error) error {
	err = f.Mask.Err(err) // Start's errors come straight from the answer
	if f.Explain != nil {
		err = f.Explain(op, err)
	}
	return fmt.Errorf("%s: %s: %w", f.Vendor, op, err)
}

// token sends one request to the token endpoint. Its error is masked
// here, before the engine logs it or words its own errors with it.
func (f *Flow) token(ctx context.Context, form url.Values) (*oauth2.Token, error) {
	f.Credentials.AddTo(form)
	resp, err := f.Token(ctx, strings.NewReader(form.Encode())) //nolint:bodyclose // ReadToken closes it
	if err != nil {
		return nil, f.Mask.Err(err)
	}
	tok, err := ReadToken(resp, f.Settings.Clock)
	if err != nil {
		return nil, f.Mask.Err(err)
	}
	if err := f.Settings.checkToken(tok); err != nil {
		return nil, f.Mask.Err(err)
	}
	return tok, nil
}
