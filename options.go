package devicecode

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Defaults of the schedule.
const (
	// SlowDownStep is what each slow_down adds to the interval (§3.5).
	SlowDownStep = 5 * time.Second
	// DefaultMaxBackoff is the ceiling of the backoff after transient
	// failures, unless the interval is larger.
	DefaultMaxBackoff = time.Minute
	// DefaultExpiryWarning is how long before expiry EventExpiryWarning
	// fires.
	DefaultExpiryWarning = time.Minute
	// DefaultPollTimeout bounds each poll request, so a stalled server
	// cannot hold a flow past its interval schedule indefinitely.
	DefaultPollTimeout = 30 * time.Second
)

// DefaultRequestTimeout bounds each request of a client without its own
// Timeout. It is generous because the vendors' completion calls (VB365
// adding an organization, Cohesity creating Azure applications) do real
// work at Microsoft; polls are bounded tighter, by WithPollTimeout.
const DefaultRequestTimeout = 2 * time.Minute

// RequestEditorFn edits each outgoing request, e.g. to add a correlation
// id. It has the shape of oapi-codegen's RequestEditorFn.
type RequestEditorFn func(ctx context.Context, req *http.Request) error

// Option configures a vendor client (every vendor's New takes the same
// options) and the flows it starts, or a Flow of one's own (NewFlow).
type Option func(*Options)

// Options is what the Option functions set; see each With… function for
// its field. A vendor client reads the HTTP fields once, in New; each
// flow reads the schedule's. Vendor packages set the last three.
type Options struct {
	HTTPClient        *http.Client // WithHTTPClient
	UserAgent         string       // WithUserAgent
	RequestEditors    []RequestEditorFn
	VerificationHosts []string // WithVerificationHosts
	TokenTypes        []string // WithTokenTypes
	Clock             clock.Clock
	Observers         []func(context.Context, Event) // WithObserver, WithLogger
	PollImmediately   bool
	PollTimeout       time.Duration
	MaxBackoff        time.Duration
	ExpiryWarning     time.Duration
	Jitter            func(n time.Duration) time.Duration

	// Origin is where a flow belongs (see Origin): NewFlow writes it into
	// the State, ResumeFlow refuses a State of any other.
	Origin Origin
	// ErrorCodes maps a vendor's error codes onto the sentinels, so that
	// the vendor package, not the engine, knows e.g. that Entra's
	// authorization_declined means ErrAccessDenied. The RFC codes keep
	// their meaning.
	ErrorCodes map[string]error
	// ErrorWrappers pass every error Wait and PollOnce return through, in
	// order, e.g. to prefix the vendor and the operation. Each must keep
	// the chain (%w). The schedule sees the poll's own errors.
	ErrorWrappers []func(error) error
}

// schedule is what a Poller keeps of its Options, the engine's part: a
// backend holds thousands of pending flows, none of which needs the
// client's HTTP settings or its origin once started (the scale benchmark
// counts the bytes).
type schedule struct {
	Clock         clock.Clock
	PollTimeout   time.Duration
	MaxBackoff    time.Duration
	ExpiryWarning time.Duration
	Jitter        func(n time.Duration) time.Duration
	ErrorCodes    map[string]error
	Observers     []func(context.Context, Event)
	ErrorWrappers []func(error) error
}

// Collect returns the defaults with opts applied, in order.
func Collect(opts ...Option) Options {
	o := Options{
		Clock:         clock.System(),
		MaxBackoff:    DefaultMaxBackoff,
		ExpiryWarning: DefaultExpiryWarning,
		PollTimeout:   DefaultPollTimeout,
		Jitter:        func(n time.Duration) time.Duration { return rand.N(n + 1) }, //nolint:gosec // jitter spreads retries; it need not be unpredictable
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// WithHTTPClient sends every request with hc (default
// http.DefaultClient), wrapped so that redirects are not followed, bodies
// are capped, and a client without a Timeout gets DefaultRequestTimeout
// (each poll: WithPollTimeout).
func WithHTTPClient(hc *http.Client) Option { return func(o *Options) { o.HTTPClient = hc } }

// WithUserAgent sets the User-Agent of every request (default: the vendor
// package's DefaultUserAgent).
func WithUserAgent(ua string) Option { return func(o *Options) { o.UserAgent = ua } }

// WithRequestEditor runs fn on every outgoing request, in the order
// given, e.g. to add a correlation id. An error from fn ends the request.
func WithRequestEditor(fn RequestEditorFn) Option {
	return func(o *Options) { o.RequestEditors = append(o.RequestEditors, fn) }
}

// WithVerificationHosts adds hosts a verification URI may point at, to
// the vendor's own; any other is a *normalize.HostError.
func WithVerificationHosts(hosts ...string) Option {
	return func(o *Options) { o.VerificationHosts = append(o.VerificationHosts, hosts...) }
}

// WithTokenTypes accepts tokens of these types besides Bearer (RFC 6749
// §7.1; matched in any case); any other type is a *TokenTypeError.
func WithTokenTypes(types ...string) Option {
	return func(o *Options) { o.TokenTypes = append(o.TokenTypes, types...) }
}

// WithClock sets the clock for every wait and for local expiry; nil keeps
// the system clock.
func WithClock(c clock.Clock) Option {
	return func(o *Options) {
		if c != nil {
			o.Clock = c
		}
	}
}

// WithPollTimeout bounds each poll request (default DefaultPollTimeout;
// zero or less: only the code's expiry bounds it). The code's expiry
// always does: an answer after it could not be used. A poll that times out
// is a connection timeout, after which RFC 8628 §3.5 has the client back
// off; the timeout runs on real time, since it measures the network.
func WithPollTimeout(d time.Duration) Option { return func(o *Options) { o.PollTimeout = d } }

// WithPollImmediately sends the first poll without waiting one interval,
// for callers that prompt the user before starting the poller.
func WithPollImmediately() Option { return func(o *Options) { o.PollImmediately = true } }

// WithMaxBackoff sets the ceiling of the exponential backoff after
// transient failures. The interval remains the floor.
func WithMaxBackoff(d time.Duration) Option { return func(o *Options) { o.MaxBackoff = d } }

// WithExpiryWarning sets how long before local expiry EventExpiryWarning
// fires; zero disables it.
func WithExpiryWarning(d time.Duration) Option { return func(o *Options) { o.ExpiryWarning = d } }

// WithErrorCodes maps vendor error codes onto sentinels, so that the vendor
// package, not the engine, knows e.g. that Entra's authorization_declined
// means ErrAccessDenied. The RFC codes keep their meaning.
func WithErrorCodes(codes map[string]error) Option {
	return func(o *Options) {
		if o.ErrorCodes == nil {
			o.ErrorCodes = make(map[string]error, len(codes))
		}
		for k, v := range codes {
			o.ErrorCodes[k] = v
		}
	}
}

// WithObserver calls fn for every [Event], on the polling goroutine.
func WithObserver(fn func(ctx context.Context, e Event)) Option {
	return func(o *Options) { o.Observers = append(o.Observers, fn) }
}

// WithErrorWrapper passes every error Wait and PollOnce return through fn,
// e.g. to prefix the vendor and the operation, so that a Flow a vendor
// package hands out words its errors like the vendor's Start. fn must keep
// the chain (%w): callers match the sentinels with errors.Is. Later
// wrappers wrap the earlier ones. The schedule sees the poll's own errors.
func WithErrorWrapper(fn func(error) error) Option {
	return func(o *Options) { o.ErrorWrappers = append(o.ErrorWrappers, fn) }
}

// WithLogger logs every [Event] to l (polls at Debug, slow_down and retries
// at Info, the expiry warning at Warn). Nothing secret is logged.
func WithLogger(l *slog.Logger) Option { return WithObserver(logEvent(l)) }

// WithJitter replaces the random source of the backoff: fn returns a
// duration in [0, n]. Tests use it to make the backoff deterministic.
func WithJitter(fn func(n time.Duration) time.Duration) Option {
	return func(o *Options) { o.Jitter = fn }
}
