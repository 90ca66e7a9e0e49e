package gitlab_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// basePath is a self-managed instance's relative URL root: every request
// must keep it, which a client that builds "/oauth/..." from the host alone
// would lose.
const basePath = "/gitlab"

const (
	testClientID   = "app-id-0123"
	testSecret     = "gloas-SECRET-do-not-print"
	testDeviceCode = "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"
	testUserCode   = "0A44L90H"
)

var t0 = vendortest.T0

type env struct {
	*vendortest.Server
	client *gitlab.Client
	cfg    gitlab.Config
}

// setup starts a fake instance under basePath that speaks GitLab's wire
// format (200 JSON on success, 400 {"error","error_description"} as
// application/json; charset=utf-8), and a client for it on the fake clock.
func setup(t *testing.T, cfg gitlab.Config, opts ...gitlab.Option) *env {
	t.Helper()
	s := vendortest.NewServer(t, 300)
	s.Pending = func() (int, string) {
		return errorBody("authorization_pending", "The authorization request is still pending")
	}
	s.Granted = granted
	s.Mux.HandleFunc("POST "+basePath+gitlab.DeviceAuthorizationPath, s.DeviceHandler(func(w http.ResponseWriter, _ url.Values) {
		// GitLab sends people to its own device page.
		verification := s.HTTP.URL + basePath + gitlab.VerificationPath
		vendortest.WriteJSON(w, http.StatusOK, map[string]any{
			"device_code":               testDeviceCode,
			"user_code":                 testUserCode,
			"verification_uri":          verification,
			"verification_uri_complete": verification + "?user_code=" + testUserCode,
			"expires_in":                s.Lifetime,
			"interval":                  s.Interval,
		})
	}))
	s.Mux.HandleFunc("POST "+basePath+gitlab.TokenPath, s.TokenHandler(testDeviceCode, func(w http.ResponseWriter) {
		writeError(w, http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid")
	}))
	if cfg.BaseURL == "" {
		cfg.BaseURL = s.HTTP.URL + basePath
	}
	if cfg.ClientID == "" {
		cfg.ClientID = testClientID
	}
	opts = append([]gitlab.Option{gitlab.WithClock(s.Clock), gitlab.WithHTTPClient(s.HTTP.Client())}, opts...)
	c, err := gitlab.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{Server: s, client: c, cfg: cfg}
}

// granted is a token shaped like gitlab.com's (created_at included).
func granted(now time.Time) (int, string) {
	return http.StatusOK, fmt.Sprintf(`{"access_token":"glpat-ACCESS","token_type":"Bearer","expires_in":7200,`+
		`"refresh_token":"glrt-REFRESH","scope":"read_user","created_at":%d}`, now.Unix())
}

func errorBody(code, desc string) (int, string) {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	return http.StatusBadRequest, string(b)
}

func writeError(w http.ResponseWriter, status int, code, desc string) {
	vendortest.WriteJSON(w, status, map[string]string{"error": code, "error_description": desc})
}
