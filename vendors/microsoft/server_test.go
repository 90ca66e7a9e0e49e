package microsoft_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/deviceflow/fakeclock"
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

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeEntra speaks Entra ID v2.0's wire format: 200 JSON on success; 400
// with error, error_description, error_codes, timestamp, trace_id,
// correlation_id and error_uri otherwise.
type fakeEntra struct {
	clk      *fakeclock.Clock
	srv      *httptest.Server
	lifetime int
	interval int

	mu     sync.Mutex
	device func(w http.ResponseWriter, r *http.Request) bool // nil: success
	decide func(n int, now time.Time) (status int, body string)
	issued time.Time
	polls  []time.Time
	forms  []url.Values
	basics []string
}

type env struct {
	*fakeEntra
	client *microsoft.Client
	cfg    microsoft.Config
}

func setup(t *testing.T, cfg microsoft.Config, opts ...microsoft.Option) *env {
	t.Helper()
	f := &fakeEntra{clk: fakeclock.NewAuto(t0), lifetime: 900, interval: 5}
	f.decide = f.approveAfter(12 * time.Second)
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+basePath+"/"+testTenant+"/oauth2/v2.0/devicecode", f.deviceCode)
	mux.HandleFunc("POST "+basePath+"/"+testTenant+"/oauth2/v2.0/token", f.token)
	mux.HandleFunc("POST "+basePath+"/{tenant}/oauth2/v2.0/devicecode", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, "invalid_request", 90002, "Tenant '"+r.PathValue("tenant")+"' not found.")
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	if cfg.Tenant == "" {
		cfg.Tenant = testTenant
	}
	if cfg.ClientID == "" {
		cfg.ClientID = testClientID
	}
	if cfg.AuthorityHost == "" {
		cfg.AuthorityHost = f.srv.URL + basePath
	}
	opts = append([]microsoft.Option{microsoft.WithClock(f.clk), microsoft.WithHTTPClient(f.srv.Client())}, opts...)
	c, err := microsoft.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{fakeEntra: f, client: c, cfg: cfg}
}

func (f *fakeEntra) record(r *http.Request) url.Values {
	_ = r.ParseForm()
	user, _, _ := r.BasicAuth()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forms = append(f.forms, r.PostForm)
	f.basics = append(f.basics, user)
	return r.PostForm
}

func (f *fakeEntra) deviceCode(w http.ResponseWriter, r *http.Request) {
	form := f.record(r)
	f.mu.Lock()
	device := f.device
	f.issued = f.clk.Now()
	f.mu.Unlock()
	if device != nil && device(w, r) {
		return
	}
	if form.Get("scope") == "" {
		writeError(w, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"user_code":        testUserCode,
		"device_code":      testDeviceCode,
		"verification_uri": verificationURI,
		"expires_in":       f.lifetime,
		"interval":         f.interval,
		"message": "To sign in, use a web browser to open the page " + verificationURI +
			" and enter the code " + testUserCode + " to authenticate.",
	})
}

func (f *fakeEntra) token(w http.ResponseWriter, r *http.Request) {
	form := f.record(r)
	now := f.clk.Now()
	f.mu.Lock()
	f.polls = append(f.polls, now)
	n, decide := len(f.polls), f.decide
	f.mu.Unlock()
	if form.Get("grant_type") == deviceflow.GrantType && form.Get("device_code") != testDeviceCode {
		writeError(w, "bad_verification_code", 70000, "Provided value for the input parameter 'device_code' is not valid.")
		return
	}
	status, body := decide(n, now)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

const tokenJSON = `{"token_type":"Bearer","scope":"User.Read profile openid email","expires_in":3599,` +
	`"ext_expires_in":3599,"access_token":"eyJ0eXAi.ACCESS","refresh_token":"0.AXEA.REFRESH","id_token":"eyJ0eXAi.ID"}`

func (f *fakeEntra) approveAfter(d time.Duration) func(int, time.Time) (int, string) {
	return func(_ int, now time.Time) (int, string) {
		if now.Before(f.issuedAt().Add(d)) {
			return entraError("authorization_pending", 70016,
				"OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
		}
		return http.StatusOK, tokenJSON
	}
}

func (f *fakeEntra) issuedAt() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.issued
}

func (f *fakeEntra) setDecide(fn func(int, time.Time) (int, string)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.decide = fn
}

func (f *fakeEntra) pollTimes() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.polls...)
}

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
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
