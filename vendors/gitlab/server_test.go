package gitlab_test

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
	"github.com/devicecode/devicecode/vendors/gitlab"
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

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeGitLab speaks GitLab's wire format: 200 JSON on success, 400
// {"error","error_description"} as application/json; charset=utf-8.
type fakeGitLab struct {
	clk      *fakeclock.Clock
	srv      *httptest.Server
	lifetime int // expires_in, seconds
	interval int // seconds

	mu sync.Mutex
	// device answers the device authorization request; nil means success.
	device func(w http.ResponseWriter, r *http.Request) bool
	// decide answers the n-th token request (from 1) at fake time now.
	decide func(n int, now time.Time) (status int, body string)
	issued time.Time
	polls  []time.Time
	forms  []url.Values
	basics []string // Basic user name of each request, "" when none
}

type env struct {
	*fakeGitLab
	client *gitlab.Client
	cfg    gitlab.Config
}

// setup starts a fake instance under basePath and a client for it on a
// fake clock that jumps to each timer, so flows take milliseconds.
func setup(t *testing.T, cfg gitlab.Config, opts ...gitlab.Option) *env {
	t.Helper()
	f := &fakeGitLab{clk: fakeclock.NewAuto(t0), lifetime: 300, interval: 5}
	f.decide = f.approveAfter(12 * time.Second)
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+basePath+gitlab.DeviceAuthorizationPath, f.authorizeDevice)
	mux.HandleFunc("POST "+basePath+gitlab.TokenPath, f.token)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	if cfg.BaseURL == "" {
		cfg.BaseURL = f.srv.URL + basePath
	}
	if cfg.ClientID == "" {
		cfg.ClientID = testClientID
	}
	opts = append([]gitlab.Option{gitlab.WithClock(f.clk), gitlab.WithHTTPClient(f.srv.Client())}, opts...)
	c, err := gitlab.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{fakeGitLab: f, client: c, cfg: cfg}
}

func (f *fakeGitLab) record(r *http.Request) url.Values {
	_ = r.ParseForm()
	user, _, _ := r.BasicAuth()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forms = append(f.forms, r.PostForm)
	f.basics = append(f.basics, user)
	return r.PostForm
}

func (f *fakeGitLab) authorizeDevice(w http.ResponseWriter, r *http.Request) {
	f.record(r)
	f.mu.Lock()
	device := f.device
	f.issued = f.clk.Now()
	f.mu.Unlock()
	if device != nil && device(w, r) {
		return
	}
	verification := "https://gitlab.example.com" + basePath + gitlab.VerificationPath
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code":               testDeviceCode,
		"user_code":                 testUserCode,
		"verification_uri":          verification,
		"verification_uri_complete": verification + "?user_code=" + testUserCode,
		"expires_in":                f.lifetime,
		"interval":                  f.interval,
	})
}

func (f *fakeGitLab) token(w http.ResponseWriter, r *http.Request) {
	form := f.record(r)
	now := f.clk.Now()
	f.mu.Lock()
	f.polls = append(f.polls, now)
	n, decide := len(f.polls), f.decide
	f.mu.Unlock()
	if form.Get("grant_type") == deviceflow.GrantType && form.Get("device_code") != testDeviceCode {
		writeError(w, http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid")
		return
	}
	status, body := decide(n, now)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// approveAfter: pending until the user approves at issue+d, then a token
// shaped like gitlab.com's (created_at included).
func (f *fakeGitLab) approveAfter(d time.Duration) func(int, time.Time) (int, string) {
	return func(_ int, now time.Time) (int, string) {
		if now.Before(f.issuedAt().Add(d)) {
			return errorBody("authorization_pending", "The authorization request is still pending")
		}
		return http.StatusOK, fmt.Sprintf(`{"access_token":"glpat-ACCESS","token_type":"Bearer","expires_in":7200,`+
			`"refresh_token":"glrt-REFRESH","scope":"read_user","created_at":%d}`, now.Unix())
	}
}

func (f *fakeGitLab) issuedAt() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.issued
}

func (f *fakeGitLab) setDecide(fn func(int, time.Time) (int, string)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.decide = fn
}

func (f *fakeGitLab) pollTimes() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.polls...)
}

func errorBody(code, desc string) (int, string) {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	return http.StatusBadRequest, string(b)
}

func writeError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
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
