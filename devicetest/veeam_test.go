package devicetest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
)

// The fake requires a bearer token, serves one version prefix, and records
// requests without secrets.
func TestVeeamFakeAuthAndVersion(t *testing.T) {
	srv := devicetest.NewVeeam(devicetest.VeeamOptions{Version: "v7"})
	defer srv.Close()
	tests := []struct {
		method, path, body, auth string
		want                     int
	}{
		{"POST", "/v7/DeviceCode", `{}`, "", http.StatusUnauthorized},
		{"POST", "/v7/DeviceCode", `{}`, "Bearer forged", http.StatusUnauthorized},
		{"GET", "/v7/ServiceInstance", "", "", http.StatusUnauthorized},
		{"GET", "/v8/ServiceInstance", "", "", http.StatusNotFound},
		{"POST", "/v7/token", "grant_type=password&username=admin&password=nope", "", http.StatusUnauthorized},
	}
	for _, tc := range tests {
		req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		if strings.HasSuffix(tc.path, "token") {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
		}
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.Body, "nope") || strings.Contains(r.Path, "nope") {
			t.Errorf("recorded a password: %+v", r)
		}
	}
}
