package vendorkit

import (
	"context"
	"log/slog"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
)

// Option configures a vendor Client. Every vendor package offers the same
// set, so the type and its constructors live here and each vendor package
// aliases the type (type Option = vendorkit.Option).
type Option func(*Settings)

// Settings are the collected options of one Client.
type Settings struct {
	httpClient *http.Client
	clock      clock.Clock
	userAgent  string
	editors    []devicecode.RequestEditorFn
	poll       []devicecode.Option
	hosts      []string
	tokenTypes []string
}

// WithHTTPClient sends requests with hc (default http.DefaultClient).
func WithHTTPClient(hc *http.Client) Option { return func(s *Settings) { s.httpClient = hc } }

// WithClock replaces the real clock; nil keeps it.
func WithClock(c clock.Clock) Option {
	return func(s *Settings) {
		if c != nil {
			s.clock = c
		}
	}
}

// WithLogger logs each polling event.
func WithLogger(l *slog.Logger) Option {
	return func(s *Settings) { s.poll = append(s.poll, devicecode.WithLogger(l)) }
}

// WithObserver calls fn for each polling event.
func WithObserver(fn func(context.Context, devicecode.Event)) Option {
	return func(s *Settings) { s.poll = append(s.poll, devicecode.WithObserver(fn)) }
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option { return func(s *Settings) { s.userAgent = ua } }

// WithRequestEditor runs fn on every outgoing request.
func WithRequestEditor(fn devicecode.RequestEditorFn) Option {
	return func(s *Settings) { s.editors = append(s.editors, fn) }
}

// WithVerificationHosts adds hosts to the vendor's default set of hosts a
// verification URI may point at (see normalize.HostError).
func WithVerificationHosts(hosts ...string) Option {
	return func(s *Settings) { s.hosts = append(s.hosts, hosts...) }
}

// WithTokenTypes accepts access tokens of these types besides Bearer (see
// devicecode.TokenTypeError), for a caller that knows how to use them.
func WithTokenTypes(types ...string) Option {
	return func(s *Settings) { s.tokenTypes = append(s.tokenTypes, types...) }
}

// checkToken refuses a token of a type the caller did not allow.
func (s Settings) checkToken(tok *oauth2.Token) error {
	return devicecode.CheckTokenType(tok, s.tokenTypes...)
}

// WithPollOptions passes options to the polling engine.
func WithPollOptions(opts ...devicecode.Option) Option {
	return func(s *Settings) { s.poll = append(s.poll, opts...) }
}

// Collect applies opts over the defaults: the system clock and the
// vendor's own User-Agent. Nil options are skipped.
func Collect(defaultUserAgent string, opts []Option) Settings {
	s := Settings{clock: clock.System(), userAgent: defaultUserAgent}
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	return s
}

// Clock is the clock that dates expiries and drives polling waits.
func (s Settings) Clock() clock.Clock { return s.clock }

// Doer is the *http.Client for a generated client: the caller's client
// wrapped by devicecode.NewHTTPClient, so redirects are not followed,
// bodies are capped, and the caller's editors apply. The User-Agent is
// the generated client's to set (UserAgent).
func (s Settings) Doer() *http.Client {
	hopts := make([]devicecode.HTTPOption, 0, len(s.editors))
	for _, e := range s.editors {
		hopts = append(hopts, devicecode.WithRequestEditor(e))
	}
	return devicecode.NewHTTPClient(s.httpClient, hopts...)
}

// UserAgent sets the User-Agent, as a request editor of the generated
// client, which edits the request it built: the doer's editors run on a
// copy of each request (a RoundTripper must not change its caller's), and
// every poll would pay a kilobyte for that copy. The caller's editors run
// after it, so one of them may still override it.
func (s Settings) UserAgent() devicecode.RequestEditorFn {
	ua := s.userAgent
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("User-Agent", ua)
		return nil
	}
}

// pollOptions puts the clock first, then the vendor's own engine options,
// then the caller's, so a caller's option wins over the vendor's.
func (s Settings) pollOptions(vendor []devicecode.Option) []devicecode.Option {
	opts := make([]devicecode.Option, 0, 1+len(vendor)+len(s.poll))
	opts = append(opts, devicecode.WithClock(s.clock))
	opts = append(opts, vendor...)
	return append(opts, s.poll...)
}

// VerificationHosts are the hosts WithVerificationHosts added, for vendor
// packages that decode device codes without a Flow (Veeam, Cohesity).
func (s Settings) VerificationHosts() []string { return s.hosts }

// PollOptions are the engine options in Flow's order (clock, the vendor's,
// the caller's), for vendor packages that poll without a Flow.
func (s Settings) PollOptions(vendor ...devicecode.Option) []devicecode.Option {
	return s.pollOptions(vendor)
}
