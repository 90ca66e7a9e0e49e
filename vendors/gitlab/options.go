package gitlab

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-gitlab (+https://github.com/devicecode/devicecode)"

// Option configures a Client. Every vendor package takes the same options.
type Option = vendorkit.Option

// WithHTTPClient sends requests with hc (default http.DefaultClient). It
// is wrapped by devicecode.NewHTTPClient: redirects are not followed,
// bodies are capped, and a client without a Timeout gets
// devicecode.DefaultRequestTimeout (each poll: devicecode.WithPollTimeout).
func WithHTTPClient(hc *http.Client) Option { return vendorkit.WithHTTPClient(hc) }

// WithClock replaces the real clock for expiries and polling waits; tests
// pass a fakeclock.
func WithClock(c clock.Clock) Option { return vendorkit.WithClock(c) }

// WithLogger logs each polling event (never a code, token or secret).
func WithLogger(l *slog.Logger) Option { return vendorkit.WithLogger(l) }

// WithObserver calls fn for each polling event, e.g. to drive a UI.
func WithObserver(fn func(context.Context, devicecode.Event)) Option {
	return vendorkit.WithObserver(fn)
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option { return vendorkit.WithUserAgent(ua) }

// WithRequestEditor runs fn on every outgoing request, e.g. to add a
// correlation header.
func WithRequestEditor(fn devicecode.RequestEditorFn) Option { return vendorkit.WithRequestEditor(fn) }

// WithVerificationHosts adds hosts where a verification URI may point,
// beyond the default set (the instance host for GitLab); a device answer naming
// any other host fails with a *normalize.HostError.
func WithVerificationHosts(hosts ...string) Option { return vendorkit.WithVerificationHosts(hosts...) }

// WithTokenTypes accepts access tokens of these types besides Bearer; any
// other type ends Wait and refreshes with a *devicecode.TokenTypeError
// (RFC 6749 §7.1: a client must not use a token it does not understand).
func WithTokenTypes(types ...string) Option { return vendorkit.WithTokenTypes(types...) }

// WithPollOptions passes options to the polling engine (e.g.
// devicecode.WithPollImmediately, devicecode.WithMaxBackoff).
func WithPollOptions(opts ...devicecode.Option) Option { return vendorkit.WithPollOptions(opts...) }
