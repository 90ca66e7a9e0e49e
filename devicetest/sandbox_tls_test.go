package devicetest_test

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// TestSandboxTLS: NewSandboxTLS serves https with a certificate its own
// short-lived P-256 CA signed; a client that trusts that CA signs in, one
// that trusts only the system's roots is refused.
func TestSandboxTLS(t *testing.T) {
	sb, err := devicetest.NewSandboxTLS("127.0.0.1:0", devicetest.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if !strings.HasPrefix(sb.URLs[normalize.GitLab], "https://127.0.0.1:") {
		t.Fatalf("URL %s is not https", sb.URLs[normalize.GitLab])
	}
	block, _ := pem.Decode(sb.CACertificatePEM)
	if block == nil {
		t.Fatalf("CACertificatePEM %q is not PEM", sb.CACertificatePEM)
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ca.PublicKey.(*ecdsa.PublicKey); !ok || !ca.IsCA || time.Until(ca.NotAfter) > 25*time.Hour {
		t.Errorf("CA: key %T, IsCA %v, valid until %v; want a P-256 CA valid for a day", ca.PublicKey, ca.IsCA, ca.NotAfter)
	}
	var unknown x509.UnknownAuthorityError
	resp, err := http.PostForm(sb.URL+"/devicetest/approve", url.Values{"user_code": {"NOPE-NOPE"}})
	if err == nil {
		resp.Body.Close()
	}
	if !errors.As(err, &unknown) {
		t.Errorf("a client without the CA: %v; want an unknown authority", err)
	}
	gl, err := gitlab.New(gitlab.Config{BaseURL: sb.URLs[normalize.GitLab], ClientID: "app"}, devicecode.WithHTTPClient(sb.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := signInAfterPolls(t.Context(), sb, gl, 0); err != nil {
		t.Fatal(err)
	}
}

// TestSandboxTLSOtherLoopback: a sandbox on a loopback address other than
// 127.0.0.1 (the sandbox takes any of 127/8) serves a certificate for that
// address, so a client of its URLs that trusts the CA signs in.
func TestSandboxTLSOtherLoopback(t *testing.T) {
	sb, err := devicetest.NewSandboxTLS("127.0.0.2:0", devicetest.Options{Interval: time.Second})
	if err != nil {
		t.Skipf("127.0.0.2 (Linux routes all of 127/8 to lo): %v", err)
	}
	defer sb.Close()
	if !strings.HasPrefix(sb.URL, "https://127.0.0.2:") {
		t.Fatalf("URL %s is not https on 127.0.0.2", sb.URL)
	}
	gl, err := gitlab.New(gitlab.Config{BaseURL: sb.URLs[normalize.GitLab], ClientID: "app"}, devicecode.WithHTTPClient(sb.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := signInAfterPolls(t.Context(), sb, gl, 0); err != nil {
		t.Fatal(err)
	}
}
