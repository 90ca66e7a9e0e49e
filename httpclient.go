package devicecode

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// RequestEditorFn edits each outgoing request, e.g. to add a User-Agent or
// a correlation id. It has the shape of oapi-codegen's RequestEditorFn, so
// one function serves generated clients too (convert with
// RequestEditorFn(fn) or the generated type's conversion).
type RequestEditorFn func(ctx context.Context, req *http.Request) error

// HTTPOption configures NewHTTPClient.
type HTTPOption func(*transport)

// WithRequestEditor runs fn on every request, in the order given.
func WithRequestEditor(fn RequestEditorFn) HTTPOption {
	return func(t *transport) { t.editors = append(t.editors, fn) }
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) HTTPOption {
	return WithRequestEditor(func(_ context.Context, r *http.Request) error {
		r.Header.Set("User-Agent", ua)
		return nil
	})
}

// WithMaxBodyBytes changes the response body cap (default
// normalize.MaxBodyBytes, the same cap Decode applies).
func WithMaxBodyBytes(n int64) HTTPOption { return func(t *transport) { t.max = n } }

// NewHTTPClient returns a copy of base (nil: http.DefaultClient) that
// follows no redirects — a device-flow endpoint that redirects is
// misconfigured, and following it could carry the device code elsewhere —
// caps response bodies (reading past the cap fails with
// ErrResponseTooLarge) and runs the request editors. The result is an
// oapi-codegen HttpRequestDoer, so generated clients get the same
// guarantees. Timeouts come from base and from each request's context; a
// base without one (http.DefaultClient has none) gets
// DefaultRequestTimeout, so a stalled server cannot hold a sign-in
// forever when the caller's context has no deadline.
func NewHTTPClient(base *http.Client, opts ...HTTPOption) *http.Client {
	if base == nil {
		base = http.DefaultClient
	}
	c := *base
	if c.Timeout == 0 {
		c.Timeout = DefaultRequestTimeout
	}
	t := &transport{base: c.Transport, max: normalize.MaxBodyBytes}
	if t.base == nil {
		t.base = http.DefaultTransport
	}
	for _, o := range opts {
		o(t)
	}
	c.Transport = t
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// DefaultRequestTimeout bounds each request of a client without its own
// Timeout. It is generous because the vendors' completion calls (VB365
// adding an organization, Cohesity creating Azure applications) do real
// work at Microsoft; polls are bounded tighter, by WithPollTimeout.
const DefaultRequestTimeout = 2 * time.Minute

type transport struct {
	base    http.RoundTripper
	editors []RequestEditorFn
	max     int64
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(t.editors) > 0 {
		// A RoundTripper must not modify the caller's request.
		req = req.Clone(req.Context())
		for _, edit := range t.editors {
			if err := edit(req.Context(), req); err != nil { //nolint:contextcheck // req.Context() is the caller's context
				closeBody(req)
				return nil, fmt.Errorf("request editor: %w", err)
			}
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: t.max}
	return resp, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// cappedBody fails once more than its cap has been read, instead of
// truncating silently into a confusing JSON error.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, ErrResponseTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n + int(b.left), ErrResponseTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
