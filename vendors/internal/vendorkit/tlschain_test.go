package vendorkit

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// chain is a test CA and a leaf it signed for 127.0.0.1, as an appliance
// with a private CA serves them.
type chain struct {
	caPEM        []byte
	caDER, leaf  []byte
	serverConfig *tls.Config
}

func newChain(t *testing.T) chain {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "devicecode test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "appliance"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: leafKey}
	return chain{caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), caDER: caDER, leaf: leafDER,
		serverConfig: &tls.Config{Certificates: []tls.Certificate{cert}}}
}

func fingerprint(der []byte) string { s := sha256.Sum256(der); return hex.EncodeToString(s[:]) }

// With a real chain the leaf and the CA differ: a pin must name the leaf
// (pinning the CA is refused), and a CA file trusts the leaf it signed.
func TestTLSChain(t *testing.T) {
	ch := newChain(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = ch.serverConfig
	srv.StartTLS()
	defer srv.Close()
	for _, tc := range []struct {
		name  string
		tls   TLS
		reach bool
	}{
		{"the leaf pinned", TLS{Pins: []string{fingerprint(ch.leaf)}}, true},
		{"the CA pinned instead of the leaf", TLS{Pins: []string{fingerprint(ch.caDER)}}, false},
		{"the CA file", TLS{CAPEM: ch.caPEM}, true},
		{"the system roots", TLS{}, false},
	} {
		hc, err := tc.tls.HTTPClient()
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		if (err == nil) != tc.reach {
			t.Errorf("%s: reached = %v (%v), want %v", tc.name, err == nil, err, tc.reach)
		}
	}
}
