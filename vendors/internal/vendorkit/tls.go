package vendorkit

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/devicecode/devicecode"
)

// TLS says which server certificates to trust beyond the system roots, for
// appliances (VB365, Cohesity clusters) that serve a self-signed or
// privately issued certificate. There is deliberately no "skip
// verification": pinning is the explicit way to trust one self-signed
// certificate.
type TLS struct {
	// CAPEM holds PEM certificates that may sign the server's chain; with
	// it, only these are trusted (not the system roots).
	CAPEM []byte
	// Pins are SHA-256 fingerprints of the DER leaf certificate (hex,
	// colons and case ignored, as openssl x509 -fingerprint -sha256 prints
	// them). With pins, a server whose leaf matches one is trusted without
	// a chain or host-name check; any other is refused.
	Pins []string
}

// ErrPinMismatch is a server certificate that matches no pin.
var ErrPinMismatch = errors.New("the server's certificate matches no pinned fingerprint")

// HTTPClient returns a client that trusts what t says, or an error naming
// what is wrong with t. Neither CAPEM nor Pins: the system roots.
func (t TLS) HTTPClient() (*http.Client, error) {
	cfg, err := t.config()
	if err != nil {
		return nil, err
	}
	tr := defaultTransport()
	tr.TLSClientConfig = cfg
	return &http.Client{Transport: tr}, nil
}

// Trust is the client options with this trust applied, for an
// appliance's New: the caller's *http.Client (WithHTTPClient, else the
// default) keeps its proxy, timeouts and cookies, and its transport's TLS
// configuration is this one, last, so that it wins. No CAPEM or Pins
// leaves opts as they are. A caller's transport that is not an
// *http.Transport cannot take it: an error, not a client that would
// silently trust the system roots instead.
func (t TLS) Trust(opts []devicecode.Option) ([]devicecode.Option, error) {
	if len(t.CAPEM) == 0 && len(t.Pins) == 0 {
		return opts, nil
	}
	cfg, err := t.config()
	if err != nil {
		return nil, err
	}
	var hc http.Client
	if base := devicecode.Collect(opts...).HTTPClient; base != nil {
		hc = *base
	}
	tr := defaultTransport()
	if hc.Transport != nil {
		base, ok := hc.Transport.(*http.Transport)
		if !ok {
			return nil, fmt.Errorf("the HTTP client's transport is a %T, not an *http.Transport: the CA file or pins cannot be set on it", hc.Transport)
		}
		tr = base.Clone()
	}
	tr.TLSClientConfig = cfg
	hc.Transport = tr
	return append(opts[:len(opts):len(opts)], devicecode.WithHTTPClient(&hc)), nil
}

// config is the TLS configuration of this trust.
func (t TLS) config() (*tls.Config, error) {
	if len(t.CAPEM) > 0 && len(t.Pins) > 0 {
		// Pinning replaces the chain check, so the CA would silently go
		// unchecked: looser than the caller asked for.
		return nil, errors.New("a CA file and pinned fingerprints exclude each other: choose one")
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(t.CAPEM) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(t.CAPEM) {
			return nil, errors.New("the CA file holds no PEM certificate")
		}
		cfg.RootCAs = pool
	}
	if len(t.Pins) > 0 {
		pins, err := parsePins(t.Pins)
		if err != nil {
			return nil, err
		}
		// The chain check is replaced, not skipped: VerifyConnection
		// accepts exactly the pinned leaves.
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error { return checkPins(cs, pins) }
	}
	return cfg, nil
}

// defaultTransport clones http.DefaultTransport, or starts from a plain
// Transport with the proxy setting when a program has replaced it with
// another RoundTripper (an unchecked assertion would panic there).
func defaultTransport() *http.Transport {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		return t.Clone()
	}
	return &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
}

func parsePins(raw []string) ([][]byte, error) {
	pins := make([][]byte, 0, len(raw))
	for _, p := range raw {
		b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(p), ":", ""))
		if err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("pin %q is not a SHA-256 fingerprint in hex", p)
		}
		pins = append(pins, b)
	}
	return pins, nil
}

func checkPins(cs tls.ConnectionState, pins [][]byte) error {
	if len(cs.PeerCertificates) == 0 {
		return ErrPinMismatch
	}
	sum := sha256.Sum256(cs.PeerCertificates[0].Raw)
	for _, p := range pins {
		if bytes.Equal(p, sum[:]) {
			return nil
		}
	}
	return ErrPinMismatch
}
