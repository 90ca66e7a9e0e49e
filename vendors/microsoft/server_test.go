package microsoft_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// basePath stands for a proxy in front of the authority: the tenant and
// the v2.0 paths must go below it.
const basePath = "/entra"

const (
	testTenant      = "contoso.onmicrosoft.com"
	testClientID    = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
	testSecret      = "entra-SECRET~do-not-print"
	testDeviceCode  = "DAQABAAEAAAD--DLA3VO7QrddgJg7WevrQvX7lCFQVY0sNe"
	testUserCode    = "FJ2FTZ6XQ"
	verificationURI = "https://microsoft.com/devicelogin"
)

var t0 = vendortest.T0

type env struct {
	*vendortest.Server
	client *microsoft.Client
	cfg    microsoft.Config
}

// setup starts a fake authority under basePath that speaks Entra ID
// v2.0's wire format (200 JSON on success; 400 with error,
// error_description, error_codes, timestamp, trace_id, correlation_id and
// error_uri otherwise), and a client for it on the fake clock.
func setup(t *testing.T, cfg microsoft.Config, opts ...microsoft.Option) *env {
	t.Helper()
	s := vendortest.NewServer(t, 900)
	s.Pending = func() (int, string) {
		return entraError("authorization_pending", 70016,
			"OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
	}
	s.Granted = func(time.Time) (int, string) { return http.StatusOK, tokenJSON }
	s.Mux.HandleFunc("POST "+basePath+"/"+testTenant+"/oauth2/v2.0/devicecode", s.DeviceHandler(func(w http.ResponseWriter, form url.Values) {
		deviceCode(w, form, s.Lifetime, s.Interval)
	}))
	s.Mux.HandleFunc("POST "+basePath+"/"+testTenant+"/oauth2/v2.0/token", s.TokenHandler(testDeviceCode, func(w http.ResponseWriter) {
		writeError(w, "bad_verification_code", 70000, "Provided value for the input parameter 'device_code' is not valid.")
	}))
	s.Mux.HandleFunc("POST "+basePath+"/{tenant}/oauth2/v2.0/devicecode", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, "invalid_request", 90002, "Tenant '"+r.PathValue("tenant")+"' not found.")
	})
	if cfg.Tenant == "" {
		cfg.Tenant = testTenant
	}
	if cfg.ClientID == "" {
		cfg.ClientID = testClientID
	}
	if cfg.AuthorityHost == "" {
		cfg.AuthorityHost = s.HTTP.URL + basePath
	}
	opts = append([]microsoft.Option{microsoft.WithClock(s.Clock), microsoft.WithHTTPClient(s.HTTP.Client())}, opts...)
	c, err := microsoft.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{Server: s, client: c, cfg: cfg}
}

// deviceCode answers like Entra, which insists on a scope.
func deviceCode(w http.ResponseWriter, form url.Values, lifetime, interval int) {
	if form.Get("scope") == "" {
		writeError(w, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.")
		return
	}
	vendortest.WriteJSON(w, http.StatusOK, map[string]any{
		"user_code":        testUserCode,
		"device_code":      testDeviceCode,
		"verification_uri": verificationURI,
		"expires_in":       lifetime,
		"interval":         interval,
		"message": "To sign in, use a web browser to open the page " + verificationURI +
			" and enter the code " + testUserCode + " to authenticate.",
	})
}

const tokenJSON = `{"token_type":"Bearer","scope":"User.Read profile openid email","expires_in":3599,` +
	`"ext_expires_in":3599,"access_token":"eyJ0eXAi.ACCESS","refresh_token":"0.AXEA.REFRESH","id_token":"eyJ0eXAi.ID"}`

// entraError is an Entra error body, AADSTS code and all.
func entraError(code string, aadsts int, desc string) (int, string) {
	b, _ := json.Marshal(map[string]any{
		"error":             code,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: 0c5b9f0e-1c1f-4a2b-9a7e-5a0f3b0c2d00 Correlation ID: 6f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 Timestamp: 2025-06-01 12:00:05Z", aadsts, desc),
		"error_codes":       []int{aadsts},
		"timestamp":         "2025-06-01 12:00:05Z",
		"trace_id":          "0c5b9f0e-1c1f-4a2b-9a7e-5a0f3b0c2d00",
		"correlation_id":    "6f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
		"error_uri":         fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", aadsts),
	})
	return http.StatusBadRequest, string(b)
}

func writeError(w http.ResponseWriter, code string, aadsts int, desc string) {
	status, body := entraError(code, aadsts, desc)
	vendortest.WriteRaw(w, status, body)
}
