package devicetest_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
)

// TestCohesityRequiresAuth checks that every operation but the login
// answers 401 with Cohesity's Error body without a credential, and that
// each request is recorded.
func TestCohesityRequiresAuth(t *testing.T) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{})
	defer fake.Close()
	tests := []struct {
		method, path string
		want         int
	}{
		{http.MethodPost, "/v2/data-protect/sources/microsoft365/auth/device-code", http.StatusUnauthorized},
		{http.MethodPost, "/v2/data-protect/sources/microsoft365/auth/token", http.StatusUnauthorized},
		{http.MethodPost, "/v2/data-protect/sources/microsoft365/azure-applications", http.StatusUnauthorized},
		{http.MethodPut, "/v2/data-protect/sources/microsoft365/azure-applications", http.StatusUnauthorized},
		{http.MethodPost, "/v2/data-protect/sources/registrations", http.StatusUnauthorized},
		// No username configured: every login is refused, also with 401.
		{http.MethodPost, "/v2/access-tokens", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, fake.URL+tt.path, strings.NewReader(`{"username":"u","password":"p"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s: %d %s, want %d JSON", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.want)
		}
	}
	reqs := fake.Requests()
	if len(reqs) != len(tests) || reqs[0].Status != http.StatusUnauthorized || reqs[0].Auth != "" {
		t.Errorf("recorded %+v", reqs)
	}
}

func TestCohesityUnknownUserCode(t *testing.T) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{})
	defer fake.Close()
	if err := fake.Approve("NOPE"); !errors.Is(err, devicetest.ErrUnknownUserCode) {
		t.Errorf("Approve = %v", err)
	}
	if fake.CertificatePEM != nil {
		t.Error("CertPEM without TLS")
	}
}
