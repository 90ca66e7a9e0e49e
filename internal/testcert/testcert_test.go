package testcert

import (
	"crypto/x509"
	"net"
	"testing"
	"time"
)

// The leaf verifies against the CA for localhost and each IP asked, and
// for no other name.
func TestLoopback(t *testing.T) {
	now := time.Now()
	is, err := Loopback("test CA", now, time.Hour, []net.IP{net.IPv4(127, 0, 0, 2)})
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(is.Server.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(is.CAPEM) {
		t.Fatal("CAPEM holds no certificate")
	}
	for name, ok := range map[string]bool{"localhost": true, "127.0.0.2": true, "127.0.0.1": false, "example.com": false} {
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, CurrentTime: now})
		if (err == nil) != ok {
			t.Errorf("verify for %s: %v, want ok=%v", name, err, ok)
		}
	}
}
