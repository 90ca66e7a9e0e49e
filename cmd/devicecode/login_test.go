package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode/internal/interop"
)

const (
	loginSecret     = "cli-SECRET-do-not-print"
	loginDeviceCode = "DEVICE-CODE-secret-0123456789"
	loginToken      = "ACCESS-TOKEN-secret"
)

// fakeVendor serves both vendors' wire formats under a non-empty base path
// (/gitlab for a self-managed instance, /entra for a proxied authority),
// with interval 1 so that a flow costs one real second.
func fakeVendor(t *testing.T, device func(w http.ResponseWriter) bool, token func(w http.ResponseWriter)) string {
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
			body := map[string]any{"device_code": loginDeviceCode, "user_code": "WDJB-MJHT",
				"verification_uri": uri, "expires_in": 300, "interval": 1}
			if strings.Contains(uri, "gitlab") {
				body["verification_uri_complete"] = uri + "?user_code=WDJB-MJHT"
			}
			reply(w, http.StatusOK, body)
		}
	}
	mux.HandleFunc("POST /gitlab/oauth/authorize_device", deviceHandler("/gitlab/oauth/device"))
	mux.HandleFunc("POST /entra/contoso.onmicrosoft.com/oauth2/v2.0/devicecode", deviceHandler("https://microsoft.com/devicelogin"))
	tokenHandler := func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("device_code") != loginDeviceCode {
			reply(w, http.StatusBadRequest, map[string]any{"error": "invalid_grant"})
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

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func grant(extra map[string]any) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		body := map[string]any{"access_token": loginToken, "token_type": "Bearer", "expires_in": 7200}
		for k, v := range extra {
			body[k] = v
		}
		reply(w, http.StatusOK, body)
	}
}

func refuse(code string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		reply(w, http.StatusBadRequest, map[string]any{"error": code, "error_description": "test says " + code})
	}
}

func gitlabArgs(base string, extra ...string) []string {
	return append([]string{"login", "gitlab", "--base-url", base + "/gitlab", "--client-id", "app"}, extra...)
}

func microsoftArgs(base string, extra ...string) []string {
	return append([]string{"login", "microsoft", "--authority-host", base + "/entra", "--tenant", "contoso.onmicrosoft.com",
		"--client-id", "00000000-0000-0000-0000-000000000001", "--scope", "User.Read offline_access", "--scope", "openid"}, extra...)
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name   string
		args   func(base string) []string
		device func(w http.ResponseWriter) bool
		token  func(w http.ResponseWriter)
		exit   int
		stdout []string // substrings
		stderr []string
	}{
		{name: "gitlab text", args: func(b string) []string { return gitlabArgs(b, "--scope", "read_user") },
			token: grant(map[string]any{"scope": "read_user", "created_at": 1}), exit: exitOK,
			stdout: []string{"signed in to gitlab: Bearer token (redacted), expires in 2h0m0s", `scope "read_user"`, "refresh token: no"},
			stderr: []string{"/gitlab/oauth/device\n", "WDJB-MJHT", "?user_code=WDJB-MJHT", "expires at"}},
		{name: "gitlab json", args: func(b string) []string { return gitlabArgs(b, "--output", "json") },
			token: grant(map[string]any{"refresh_token": "R", "scope": "api"}), exit: exitOK,
			stdout: []string{`"access_token": "` + loginToken + `"`, `"refresh_token": "R"`, `"expires_in": 7200`, `"scope": "api"`}},
		{name: "gitlab confidential form", args: func(b string) []string {
			return gitlabArgs(b, "--client-secret", loginSecret, "--auth-style", "form")
		}, token: grant(nil), exit: exitOK, stdout: []string{"signed in to gitlab"}},
		{name: "microsoft json", args: func(b string) []string { return microsoftArgs(b, "--output", "json") },
			token: grant(map[string]any{"refresh_token": "R", "id_token": "ID", "scope": "User.Read openid"}), exit: exitOK,
			stdout: []string{`"id_token": "ID"`, `"refresh_token": "R"`}, stderr: []string{"https://microsoft.com/devicelogin"}},
		{name: "denied", args: func(b string) []string { return gitlabArgs(b, "--client-secret", loginSecret, "--auth-style", "basic") },
			token: refuse("access_denied"), exit: exitError, stderr: []string{"devicecode: gitlab: "}},
		{name: "microsoft declined", args: func(b string) []string { return microsoftArgs(b) },
			token: refuse("authorization_declined"), exit: exitError, stderr: []string{"devicecode: microsoft: "}},
		{name: "expired", args: func(b string) []string { return gitlabArgs(b) },
			token: refuse("expired_token"), exit: exitError, stderr: []string{"devicecode: gitlab: "}},
		{name: "unsupported", args: func(b string) []string { return gitlabArgs(b) },
			device: func(w http.ResponseWriter) bool { w.WriteHeader(http.StatusNotFound); return true },
			exit:   exitError, stderr: []string{"devicecode: gitlab: ", "17.3"}},
		{name: "invalid response", args: func(b string) []string { return gitlabArgs(b) },
			device: func(w http.ResponseWriter) bool {
				reply(w, http.StatusOK, map[string]any{"device_code": "x", "user_code": "y", "verification_uri": "http://evil.example/", "expires_in": 300})
				return true
			}, exit: exitError, stderr: []string{"devicecode: gitlab: ", "/verification_uri"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := fakeVendor(t, tt.device, tt.token)
			code, stdout, stderr := loginCLI(t, tt.args(base)...)
			if code != tt.exit {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.exit, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if tt.exit == exitError {
				checkFlowErrorLine(t, stderr, tt.args(base)[1])
			}
			if strings.Contains(stderr, loginSecret) || strings.Contains(stderr, loginDeviceCode) || strings.Contains(stderr, loginToken) {
				t.Errorf("stderr shows a secret:\n%s", stderr)
			}
			if !strings.Contains(strings.Join(tt.args(base), " "), "json") && strings.Contains(stdout, loginToken) {
				t.Errorf("text output shows the token:\n%s", stdout)
			}
		})
	}
}

// checkFlowErrorLine: a failed flow ends stderr with one line,
// "devicecode: " and the vendor package's error, which names its vendor
// once.
func checkFlowErrorLine(t *testing.T, stderr, vendor string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "devicecode: "+vendor+": ") || strings.Count(last, vendor+": ") != 1 {
		t.Errorf("error line %q, want \"devicecode: %s: …\" naming the vendor once", last, vendor)
	}
}

func TestLoginUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no vendor", []string{"login"}, "devicecode login: missing vendor; want cohesity, gitlab, microsoft or veeam"},
		{"unknown vendor", []string{"login", "okta", "--client-id", "x"}, `unknown vendor "okta"; want cohesity, gitlab, microsoft or veeam`},
		{"misspelt vendor", []string{"login", "gitlba", "--client-id", "x"}, `unknown vendor "gitlba"; did you mean gitlab?`},
		{"no client id", []string{"login", "gitlab"}, "--client-id is required"},
		{"http on a public host", []string{"login", "gitlab", "--base-url", "http://gitlab.example.com", "--client-id", "x"}, "https"},
		{"secret without style", []string{"login", "gitlab", "--client-id", "x", "--client-secret", loginSecret}, "--client-secret needs --auth-style form|basic"},
		{"style without secret", []string{"login", "gitlab", "--client-id", "x", "--auth-style", "basic"}, "--auth-style needs a client secret"},
		{"bad style", []string{"login", "gitlab", "--client-id", "x", "--client-secret", loginSecret, "--auth-style", "auto"}, "form or basic"},
		{"bad output", []string{"login", "gitlab", "--client-id", "x", "--output", "yaml"}, `invalid argument "yaml" for "-o, --output" flag: must be text or json`},
		{"tenant flag for gitlab", []string{"login", "gitlab", "--client-id", "x", "--tenant", "common"}, "unknown flag: --tenant"},
		{"microsoft without tenant", []string{"login", "microsoft", "--client-id", "x", "--scope", "User.Read"}, "--tenant"},
		{"microsoft without scope", []string{"login", "microsoft", "--client-id", "x", "--tenant", "common"}, "--scope"},
		{"microsoft bad tenant", []string{"login", "microsoft", "--client-id", "x", "--tenant", "../x", "--scope", "a"}, "--tenant is not a valid domain name"},
		{"microsoft http authority", []string{"login", "microsoft", "--client-id", "x", "--tenant", "common", "--scope", "a",
			"--authority-host", "http://login.example.com"}, "--authority-host must use https"},
		{"stray argument", []string{"login", "gitlab", "--client-id", "x", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := loginCLI(t, tt.args...)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", code, stdout, stderr, tt.want)
			}
			checkUsageLine(t, stderr)
			if strings.Contains(stderr, loginSecret) {
				t.Errorf("stderr shows the secret")
			}
		})
	}
}

// TestLoginInterop signs in end to end against the zitadel OP in GitLab's
// layout, approving with the user code read from the captured stderr.
func TestLoginInterop(t *testing.T) {
	if testing.Short() {
		t.Skip("interop: starts a real authorization server")
	}
	srv := interop.Start(t, interop.Options{Layout: interop.LayoutGitLab, Interval: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	errOut := &syncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"login", "gitlab", "--base-url", srv.BaseURL, "--client-id", srv.ConfidentialClientID,
			"--auth-style", "basic", "--client-secret", srv.ConfidentialClientSecret,
			"--scope", "openid offline_access", "--output", "json"}, stdio{out: &out, err: errOut})
	}()
	userCode := waitForUserCode(ctx, t, errOut)
	if err := srv.Approve(ctx, userCode); err != nil {
		t.Fatal(err)
	}
	if code := <-exit; code != exitOK {
		t.Fatalf("exit %d\nstderr:\n%s", code, errOut.String())
	}
	var tok tokenOutput
	if err := json.Unmarshal(out.Bytes(), &tok); err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.IDToken == "" {
		t.Fatalf("stdout %s: %+v, %v", out.String(), tok, err)
	}
	if strings.Contains(errOut.String(), srv.ConfidentialClientSecret) {
		t.Error("stderr shows the client secret")
	}
	t.Logf("stderr:\n%s", errOut.String())
}

var userCodeRE = regexp.MustCompile(`enter the code\n\n {4}(\S+)\n`)

func waitForUserCode(ctx context.Context, t *testing.T, b *syncBuffer) string {
	t.Helper()
	for ctx.Err() == nil {
		if m := userCodeRE.FindStringSubmatch(b.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no user code on stderr:\n%s", b.String())
	return ""
}

// syncBuffer is a bytes.Buffer the CLI writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func loginCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, args, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

// TestLoginErrorEscaped: whatever the server puts in its error, no
// terminal control reaches stderr.
func TestLoginErrorEscaped(t *testing.T) {
	t.Parallel()
	base := fakeVendor(t, nil, func(w http.ResponseWriter) {
		reply(w, http.StatusBadRequest, map[string]any{"error": "access_denied\x1b[2J",
			"error_description": "no\x1b]0;pwned\x07 \u202eevil\u009b31m"})
	})
	code, _, stderr := loginCLI(t, gitlabArgs(base)...)
	if code != exitError || strings.ContainsAny(stderr, "\x1b\x07\u202e\u009b") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	checkFlowErrorLine(t, stderr, "gitlab")
}
