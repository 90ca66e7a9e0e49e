package clitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// What OAuthServer issues; a test checks that none of it is printed where
// it must not be.
const (
	DeviceCode = "DEVICE-CODE-secret-0123456789"
	Token      = "ACCESS-TOKEN-secret"
	UserCode   = "WDJB-MJHT"
)

// OAuthServer serves GitLab's and Entra's wire formats under a non-empty
// base path (/gitlab for a self-managed instance, /entra for a proxied
// authority, tenant contoso.onmicrosoft.com), with interval 1 so that a
// flow costs one real second. device, when it returns true, has answered
// the device request itself; token answers every poll with the right
// device code.
func OAuthServer(t *testing.T, device func(w http.ResponseWriter) bool, token func(w http.ResponseWriter)) string {
	t.Helper()
	mux := http.NewServeMux()
	deviceHandler := func(verification string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if device != nil && device(w) {
				return
			}
			uri := verification
			if strings.HasPrefix(uri, "/") {
				uri = "http://" + r.Host + uri // the instance's own device page
			}
			body := map[string]any{"device_code": DeviceCode, "user_code": UserCode,
				"verification_uri": uri, "expires_in": 300, "interval": 1}
			if strings.Contains(uri, "gitlab") {
				body["verification_uri_complete"] = uri + "?user_code=" + UserCode
			}
			Reply(w, http.StatusOK, body)
		}
	}
	mux.HandleFunc("POST /gitlab/oauth/authorize_device", deviceHandler("/gitlab/oauth/device"))
	mux.HandleFunc("POST /entra/contoso.onmicrosoft.com/oauth2/v2.0/devicecode", deviceHandler("https://microsoft.com/devicelogin"))
	tokenHandler := func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("device_code") != DeviceCode {
			Reply(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant"})
			return
		}
		token(w)
	}
	mux.HandleFunc("POST /gitlab/oauth/token", tokenHandler)
	mux.HandleFunc("POST /entra/contoso.onmicrosoft.com/oauth2/v2.0/token", tokenHandler)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Reply writes body as JSON with status.
func Reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// Grant answers a poll with Token, its members extended by extra.
func Grant(extra map[string]any) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		body := map[string]any{"access_token": Token, "token_type": "Bearer", "expires_in": 7200}
		for k, v := range extra {
			body[k] = v
		}
		Reply(w, http.StatusOK, body)
	}
}

// Refuse answers a poll with the OAuth error code.
func Refuse(code string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		Reply(w, http.StatusBadRequest, map[string]any{"error": code, "error_description": "test says " + code})
	}
}

// Sequence answers the n-th poll with the n-th answer, then repeats the
// last.
func Sequence(answers ...func(w http.ResponseWriter)) func(w http.ResponseWriter) {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter) {
		mu.Lock()
		a := answers[min(n, len(answers)-1)]
		n++
		mu.Unlock()
		a(w)
	}
}

// BadGateway is a proxy's 502, to be retried in a second.
func BadGateway(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	fmt.Fprint(w, "<html>502 Bad Gateway</html>")
}

// GitLabArgs is `login gitlab` against OAuthServer's base.
func GitLabArgs(base string, extra ...string) []string {
	return append([]string{"login", "gitlab", "--base-url", base + "/gitlab", "--client-id", "app"}, extra...)
}

// MicrosoftArgs is `login microsoft` against OAuthServer's base.
func MicrosoftArgs(base string, extra ...string) []string {
	return append([]string{"login", "microsoft", "--authority-host", base + "/entra", "--tenant", "contoso.onmicrosoft.com",
		"--client-id", "00000000-0000-0000-0000-000000000001", "--scope", "User.Read offline_access", "--scope", "openid"}, extra...)
}
