package veeam

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-veeam (+https://github.com/devicecode/devicecode)"

// Option configures a Client. Every vendor package takes the same options.
type Option = vendorkit.Option

// TLS trusts a VB365 server's self-signed certificate: a CA file (CAPEM)
// or the certificate's SHA-256 fingerprint (Pins). TLS{…}.HTTPClient()
// builds the client to pass to WithHTTPClient. There is no option to skip
// verification.
type TLS = vendorkit.TLS

// WithHTTPClient sends requests with hc (default http.DefaultClient). It
// is wrapped by devicecode.NewHTTPClient: redirects are not followed,
// bodies are capped, and a client without a Timeout gets
// devicecode.DefaultRequestTimeout (each poll: devicecode.WithPollTimeout).
func WithHTTPClient(hc *http.Client) Option { return vendorkit.WithHTTPClient(hc) }

// WithClock replaces the real clock for token and code expiries and
// polling waits; tests pass a fakeclock.
func WithClock(c clock.Clock) Option { return vendorkit.WithClock(c) }

// WithLogger logs each polling event (never a code, token or password).
func WithLogger(l *slog.Logger) Option { return vendorkit.WithLogger(l) }

// WithObserver calls fn for each polling event, e.g. to drive a UI.
func WithObserver(fn func(context.Context, devicecode.Event)) Option {
	return vendorkit.WithObserver(fn)
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option { return vendorkit.WithUserAgent(ua) }

// WithRequestEditor runs fn on every outgoing request.
func WithRequestEditor(fn devicecode.RequestEditorFn) Option { return vendorkit.WithRequestEditor(fn) }

// WithVerificationHosts adds hosts where a verification URI may point,
// beyond Microsoft's device-login hosts (VB365 relays Microsoft's sign-in).
func WithVerificationHosts(hosts ...string) Option { return vendorkit.WithVerificationHosts(hosts...) }

// WithPollOptions passes options to the polling engine.
func WithPollOptions(opts ...devicecode.Option) Option { return vendorkit.WithPollOptions(opts...) }
