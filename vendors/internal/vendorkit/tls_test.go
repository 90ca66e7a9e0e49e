package vendorkit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	srv.StartTLS()
	defer srv.Close()
	sum := sha256.Sum256(srv.Certificate().Raw)
	colons := strings.ToUpper(hex.EncodeToString(sum[:1])) + ":" + hex.EncodeToString(sum[1:])
	tests := []struct {
		name    string
		tls     TLS
		wantErr string // from HTTPClient
		reach   bool
	}{
		{"system roots refuse a self-signed server", TLS{}, "", false},
		{"pin, colons and case ignored", TLS{Pins: []string{colons}}, "", true},
		{"wrong pin", TLS{Pins: []string{strings.Repeat("ab", 32)}}, "", false},
		{"short pin", TLS{Pins: []string{"abcd"}}, "not a SHA-256 fingerprint", false},
		{"CA file without certificates", TLS{CAPEM: []byte("junk")}, "no PEM certificate", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hc, err := tc.tls.HTTPClient()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			resp, err := hc.Get(srv.URL)
			if err == nil {
				resp.Body.Close()
			}
			if (err == nil) != tc.reach {
				t.Fatalf("reached = %v (%v), want %v", err == nil, err, tc.reach)
			}
			if tc.name == "wrong pin" && !errors.Is(err, ErrPinMismatch) {
				t.Errorf("err = %v, want ErrPinMismatch", err)
			}
		})
	}
}

// Pins replace the chain check, so a CA next to them would go unchecked:
// the combination is refused rather than silently loosened.
func TestTLSRefusesCAWithPins(t *testing.T) {
	_, err := TLS{CAPEM: []byte("-----BEGIN CERTIFICATE-----\n"), Pins: []string{strings.Repeat("ab", 32)}}.HTTPClient()
	if err == nil || !strings.Contains(err.Error(), "exclude each other") {
		t.Fatalf("HTTPClient = %v, want the combination refused", err)
	}
}

// Trust keeps the caller's client (its timeout, its transport's proxy)
// with the TLS configuration replaced, leaves options without trust
// alone, and refuses a transport it cannot configure.
func TestTrust(t *testing.T) {
	caller := &http.Client{Timeout: 7 * time.Second, Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}
	opts := []devicecode.Option{devicecode.WithHTTPClient(caller)}
	if got, err := (TLS{}).Trust(opts); err != nil || len(got) != 1 {
		t.Fatalf("no trust: %d options, %v", len(got), err)
	}
	got, err := TLS{Pins: []string{strings.Repeat("ab", 32)}}.Trust(opts)
	if err != nil {
		t.Fatal(err)
	}
	hc := devicecode.Collect(got...).HTTPClient
	tr, ok := hc.Transport.(*http.Transport)
	if hc == caller || hc.Timeout != 7*time.Second || !ok || tr.Proxy == nil || tr.TLSClientConfig == nil || tr.TLSClientConfig.VerifyConnection == nil {
		t.Errorf("trusted client %+v", hc)
	}
	// Clone may give the original a TLS configuration of its own (HTTP/2
	// defaults), never the pins.
	if c := caller.Transport.(*http.Transport).TLSClientConfig; c != nil && c.VerifyConnection != nil {
		t.Error("the caller's transport was changed")
	}
	odd := []devicecode.Option{devicecode.WithHTTPClient(&http.Client{Transport: roundTripFunc(http.DefaultTransport.RoundTrip)})}
	if _, err := (TLS{Pins: []string{strings.Repeat("ab", 32)}}).Trust(odd); err == nil {
		t.Error("a transport that cannot take the trust was accepted")
	}
}
