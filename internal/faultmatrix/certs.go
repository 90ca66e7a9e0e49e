package faultmatrix

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"time"

	"github.com/devicecode/devicecode/internal/testcert"
)

// Certs are two certificates for 127.0.0.1 from two CAs: Good's CA is the
// one the client trusts (Roots), Bad's is not.
type Certs struct {
	Good, Bad tls.Certificate
	Roots     *x509.CertPool
}

// NewCerts makes two CAs and a leaf from each.
func NewCerts() (*Certs, error) {
	good, goodCA, err := leafFromNewCA("faultmatrix trusted CA")
	if err != nil {
		return nil, err
	}
	bad, _, err := leafFromNewCA("faultmatrix other CA")
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(goodCA)
	return &Certs{Good: good, Bad: bad, Roots: roots}, nil
}

func leafFromNewCA(name string) (tls.Certificate, *x509.Certificate, error) {
	is, err := testcert.Loopback(name, time.Now(), 24*time.Hour, []net.IP{net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return is.Server, is.CA, nil
}
