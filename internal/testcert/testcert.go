// Package testcert makes a throwaway CA and a loopback server certificate
// it signs: for the sandbox's https mode and for tests of TLS trust.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"time"
)

// Issued is a CA and the server certificate it signed.
type Issued struct {
	// Server is the leaf with its key, the CA's certificate after it in
	// the chain, ready for tls.Config.Certificates.
	Server tls.Certificate
	CA     *x509.Certificate
	// CAPEM is the CA's certificate in PEM, for a client's trust store.
	CAPEM []byte
}

// Loopback makes a CA named caName and a leaf for localhost and ips, both
// ECDSA P-256, valid from an hour before now (clocks differ) for lifetime.
// The keys exist only in memory.
func Loopback(caName string, now time.Time, lifetime time.Duration, ips []net.IP) (*Issued, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: caName},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(lifetime),
		IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: ca.NotBefore, NotAfter: ca.NotAfter, DNSNames: []string{"localhost"}, IPAddresses: ips,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	return &Issued{Server: tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: key}, CA: ca,
		CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})}, nil
}

// serial is a random 128-bit certificate serial number (RFC 5280 §4.1.2.2:
// positive, at most 20 octets).
func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	return n.Add(n, big.NewInt(1))
}
