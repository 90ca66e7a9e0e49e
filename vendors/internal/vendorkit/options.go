package vendorkit

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
)

// Settings are a vendor client's options (devicecode.Option, the one
// option set of every vendor), collected once in New. The options
// themselves go on to every flow the client starts, after the vendor's
// own, so that the caller's engine options win.
type Settings struct {
	devicecode.Options
	opts []devicecode.Option
}

// Collect applies opts over the defaults; defaultUserAgent is the vendor
// package's.
func Collect(defaultUserAgent string, opts []devicecode.Option) Settings {
	o := devicecode.Collect(opts...)
	if o.UserAgent == "" {
		o.UserAgent = defaultUserAgent
	}
	return Settings{Options: o, opts: opts}
}

// Doer is the client's *http.Client: the caller's, wrapped by
// NewHTTPClient with the caller's request editors, and refusing a request
// body that leaves a member required by specs/<vendor>/openapi.json zero
// (vendor is the spec's directory: "veeam", "gitlab", …).
func (s Settings) Doer(vendor string) *http.Client {
	return newHTTPClient(s.HTTPClient, contractCheck(vendor), s.RequestEditors)
}

// UserAgentEditor sets the User-Agent on a request; generated clients add
// it to every call.
func (s Settings) UserAgentEditor() devicecode.RequestEditorFn {
	ua := s.UserAgent
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("User-Agent", ua)
		return nil
	}
}

// PollOptions are the engine options of a flow: the client's clock, the
// vendor's options, then the caller's.
func (s Settings) PollOptions(vendor ...devicecode.Option) []devicecode.Option {
	opts := make([]devicecode.Option, 0, 1+len(vendor)+len(s.opts))
	opts = append(opts, devicecode.WithClock(s.Clock))
	opts = append(opts, vendor...)
	return append(opts, s.opts...)
}

// checkToken refuses a token of a type the caller did not allow.
func (s Settings) checkToken(tok *oauth2.Token) error {
	return devicecode.CheckTokenType(tok, s.TokenTypes...)
}
