package gitlab

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/devicecode/devicecode/deviceflow"
)

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "devicecode-gitlab (+https://github.com/devicecode/devicecode)"

// Option configures a Client.
type Option func(*options)

type options struct {
	httpClient *http.Client
	clock      deviceflow.Clock
	userAgent  string
	editors    []deviceflow.RequestEditorFn
	flow       []deviceflow.Option
}

// WithHTTPClient sends requests with hc (default http.DefaultClient). It
// is wrapped by deviceflow.NewHTTPClient: redirects are not followed and
// bodies are capped.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithClock replaces the real clock for expiries and polling waits; tests
// pass a fakeclock.
func WithClock(c deviceflow.Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger logs each polling event (never a code, token or secret).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.flow = append(o.flow, deviceflow.WithLogger(l)) }
}

// WithObserver calls fn for each polling event, e.g. to drive a UI.
func WithObserver(fn func(context.Context, deviceflow.Event)) Option {
	return func(o *options) { o.flow = append(o.flow, deviceflow.WithObserver(fn)) }
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithRequestEditor runs fn on every outgoing request, e.g. to add a
// correlation header.
func WithRequestEditor(fn deviceflow.RequestEditorFn) Option {
	return func(o *options) { o.editors = append(o.editors, fn) }
}

// WithPollOptions passes options to the polling engine (e.g.
// deviceflow.WithPollImmediately, deviceflow.WithMaxBackoff).
func WithPollOptions(opts ...deviceflow.Option) Option {
	return func(o *options) { o.flow = append(o.flow, opts...) }
}

func collect(opts []Option) options {
	o := options{clock: deviceflow.SystemClock(), userAgent: DefaultUserAgent}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// httpClient is the doer of the generated client.
func (o options) doer() *http.Client {
	hopts := []deviceflow.HTTPOption{deviceflow.WithUserAgent(o.userAgent)}
	for _, e := range o.editors {
		hopts = append(hopts, deviceflow.WithRequestEditor(e))
	}
	return deviceflow.NewHTTPClient(o.httpClient, hopts...)
}
