package devicetest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/devicecode/devicecode/internal/testcert"
)

// sandboxCertLifetime bounds the sandbox's CA and certificate: a sandbox
// runs for a session, and a CA file a person trusted and forgot is
// worthless a day later. The key never leaves memory.
const sandboxCertLifetime = 24 * time.Hour

// NewSandboxTLS is NewSandbox serving https, for clients that refuse plain
// http: its certificate, for 127.0.0.1, ::1, localhost and the loopback
// address it listens on (127.0.0.2 …), is signed by a
// certificate authority made for this sandbox alone (ECDSA P-256, valid
// for 24 hours), whose certificate is CACertificatePEM. Clients trust that
// CA (Go programs on Linux: SSL_CERT_FILE; Python's requests:
// REQUESTS_CA_BUNDLE), or use Client.
func NewSandboxTLS(addr string, opts Options) (*Sandbox, error) {
	var caPEM []byte
	sb, err := newSandbox(addr, opts, func(ip net.IP) (conf *tls.Config, err error) {
		conf, caPEM, err = sandboxTLS(time.Now(), ip) // certificates are checked against the wall clock, not opts.Clock
		return conf, err
	})
	if err != nil {
		return nil, err
	}
	sb.CACertificatePEM = caPEM
	return sb, nil
}

// Client is an *http.Client that trusts the sandbox's CA (NewSandboxTLS),
// or the default client for a plain http sandbox.
func (sb *Sandbox) Client() *http.Client {
	if sb.CACertificatePEM == nil {
		return http.DefaultClient
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(sb.CACertificatePEM)
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// sandboxTLS makes a CA and a loopback server certificate it signs, valid
// from an hour before now (clocks differ) for sandboxCertLifetime, for
// the usual loopback names and ip, the address the sandbox listens on:
// any of 127/8 is loopback, and a client checks the certificate against
// the IP in the URL (RFC 9110 §4.3.4, RFC 6125 §6.2.1).
func sandboxTLS(now time.Time, ip net.IP) (*tls.Config, []byte, error) {
	is, err := testcert.Loopback("devicecode sandbox CA "+random(8), now, sandboxCertLifetime, certIPs(ip))
	if err != nil {
		return nil, nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{is.Server}}, is.CAPEM, nil
}

// certIPs are the leaf's IP addresses: 127.0.0.1, ::1 and ip when it is
// another.
func certIPs(ip net.IP) []net.IP {
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	if ip != nil && !slices.ContainsFunc(ips, ip.Equal) {
		ips = append(ips, ip)
	}
	return ips
}
