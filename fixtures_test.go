package devicecode_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/sharedpath"
)

// TestVendorFixtures classifies the vendors' documented token responses,
// read in place from the shared fixtures, as their servers send them.
func TestVendorFixtures(t *testing.T) {
	dir := sharedpath.Dir(t, "fixtures")
	tests := []struct {
		file    string
		status  int
		wantErr error // nil: a token
	}{
		{"gitlab/token_error_authorization_pending.json", 400, devicecode.ErrAuthorizationPending},
		{"gitlab/token_error_slow_down.json", 400, devicecode.ErrSlowDown},
		{"gitlab/token_error_expired_token.json", 400, devicecode.ErrExpiredToken},
		{"gitlab/token_error_access_denied.json", 400, devicecode.ErrAccessDenied},
		{"gitlab/token_success.json", 200, nil},
		{"entra/token_success_v2.json", 200, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}}
			tok, err := devicecode.ParseTokenResponse(resp, body, t0)
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			case tt.wantErr == nil && (err != nil || tok.AccessToken == "" || tok.Expiry.IsZero()):
				t.Fatalf("got %v, %v; want a token with an expiry", tok, err)
			}
		})
	}
}
