package vendorkit

import (
	"crypto/tls"
	"net/http"
	"testing"
)

// A program may replace http.DefaultTransport with its own RoundTripper
// (tracing, metrics); the TLS settings must still apply, without a panic.
// Not parallel: it swaps a global.
func TestTLSReplacedDefaultTransport(t *testing.T) {
	saved := http.DefaultTransport
	t.Cleanup(func() { http.DefaultTransport = saved })
	http.DefaultTransport = roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, http.ErrNotSupported })

	c, err := TLS{Pins: []string{zeroPin}}.HTTPClient()
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.Transport.(*http.Transport)
	if !ok || tr.TLSClientConfig == nil || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 || tr.TLSClientConfig.VerifyConnection == nil {
		t.Fatalf("transport = %#v, want an *http.Transport with the pinning TLS config", c.Transport)
	}
	if tr.Proxy == nil {
		t.Error("the fallback transport ignores the proxy environment")
	}
}

// zeroPin is a well-formed SHA-256 fingerprint that matches nothing.
const zeroPin = "0000000000000000000000000000000000000000000000000000000000000000"

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
