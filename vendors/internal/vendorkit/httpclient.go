package vendorkit

import (
	"fmt"
	"io"
	"net/http"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// NewHTTPClient returns a copy of base (nil: http.DefaultClient) that
// follows no redirects — a device-flow endpoint that redirects is
// misconfigured, and following it could carry the device code elsewhere —
// caps response bodies at normalize.MaxBodyBytes (reading past the cap
// fails with devicecode.ErrResponseTooLarge) and runs the request editors
// in order. The result is an
// oapi-codegen HttpRequestDoer, so generated clients get the same
// guarantees. Timeouts come from base and from each request's context; a
// base without one (http.DefaultClient has none) gets
// DefaultRequestTimeout, so a stalled server cannot hold a sign-in
// forever when the caller's context has no deadline.
func NewHTTPClient(base *http.Client, editors ...devicecode.RequestEditorFn) *http.Client {
	return newHTTPClient(base, nil, editors)
}

// newHTTPClient is NewHTTPClient whose transport also runs check, if not
// nil, after the editors: on the request as it would be sent.
func newHTTPClient(base *http.Client, check func(*http.Request) error, editors []devicecode.RequestEditorFn) *http.Client {
	if base == nil {
		base = http.DefaultClient
	}
	c := *base
	if c.Timeout == 0 {
		c.Timeout = devicecode.DefaultRequestTimeout
	}
	t := &transport{base: c.Transport, max: normalize.MaxBodyBytes, editors: editors, check: check}
	if t.base == nil {
		t.base = http.DefaultTransport
	}
	c.Transport = t
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

type transport struct {
	base    http.RoundTripper
	editors []devicecode.RequestEditorFn
	max     int64
	// check runs after the editors, on the request as it would be sent.
	check func(*http.Request) error
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(t.editors) > 0 || t.check != nil {
		// A RoundTripper must not modify the caller's request.
		req = req.Clone(req.Context())
		for _, edit := range t.editors {
			if err := edit(req.Context(), req); err != nil { //nolint:contextcheck // req.Context() is the caller's context
				closeBody(req)
				return nil, fmt.Errorf("request editor: %w", err)
			}
		}
	}
	if t.check != nil {
		if err := t.check(req); err != nil {
			closeBody(req)
			return nil, err
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
		return 0, devicecode.ErrResponseTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n + int(b.left), devicecode.ErrResponseTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
