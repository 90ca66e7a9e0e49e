package login

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/internal/interop"
)

const loginSecret = "cli-SECRET-do-not-print"

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
		{name: "gitlab text", args: func(b string) []string { return clitest.GitLabArgs(b, "--scope", "read_user") },
			token: clitest.Grant(map[string]any{"scope": "read_user", "created_at": 1}), exit: cmdutil.ExitOK,
			stdout: []string{"signed in to gitlab: Bearer token (redacted), expires in 2h0m0s", `scope "read_user"`, "refresh token: no"},
			stderr: []string{"/gitlab/oauth/device\n", "WDJB-MJHT", "?user_code=WDJB-MJHT", "expires at"}},
		// RFC 6749 §5.1: an answer without scope granted the one requested.
		{name: "gitlab scope omitted", args: func(b string) []string { return clitest.GitLabArgs(b, "--scope", "read_user") },
			token: clitest.Grant(nil), exit: cmdutil.ExitOK, stdout: []string{`scope "read_user" (as requested),`}},
		{name: "gitlab no scope", args: func(b string) []string { return clitest.GitLabArgs(b) },
			token: clitest.Grant(nil), exit: cmdutil.ExitOK, stdout: []string{"scope not named (the application's default),"}},
		{name: "gitlab json", args: func(b string) []string { return clitest.GitLabArgs(b, "--output", "json") },
			token: clitest.Grant(map[string]any{"refresh_token": "R", "scope": "api"}), exit: cmdutil.ExitOK,
			stdout: []string{`"access_token": "` + clitest.Token + `"`, `"refresh_token": "R"`, `"expires_in": 7200`, `"scope": "api"`}},
		{name: "gitlab confidential form", args: func(b string) []string {
			return clitest.GitLabArgs(b, "--client-secret", loginSecret, "--auth-style", "form")
		}, token: clitest.Grant(nil), exit: cmdutil.ExitOK, stdout: []string{"signed in to gitlab"}},
		{name: "microsoft json", args: func(b string) []string { return clitest.MicrosoftArgs(b, "--output", "json") },
			token: clitest.Grant(map[string]any{"refresh_token": "R", "id_token": "ID", "scope": "User.Read openid"}), exit: cmdutil.ExitOK,
			stdout: []string{`"id_token": "ID"`, `"refresh_token": "R"`}, stderr: []string{"https://microsoft.com/devicelogin"}},
		{name: "denied", args: func(b string) []string {
			return clitest.GitLabArgs(b, "--client-secret", loginSecret, "--auth-style", "basic")
		},
			token: clitest.Refuse("access_denied"), exit: cmdutil.ExitError, stderr: []string{"devicecode: gitlab: "}},
		{name: "microsoft declined", args: func(b string) []string { return clitest.MicrosoftArgs(b) },
			token: clitest.Refuse("authorization_declined"), exit: cmdutil.ExitError, stderr: []string{"devicecode: microsoft: "}},
		{name: "expired", args: func(b string) []string { return clitest.GitLabArgs(b) },
			token: clitest.Refuse("expired_token"), exit: cmdutil.ExitError, stderr: []string{"devicecode: gitlab: "}},
		{name: "unsupported", args: func(b string) []string { return clitest.GitLabArgs(b) },
			device: func(w http.ResponseWriter) bool { w.WriteHeader(http.StatusNotFound); return true },
			exit:   cmdutil.ExitError, stderr: []string{"devicecode: gitlab: ", "17.3"}},
		{name: "invalid response", args: func(b string) []string { return clitest.GitLabArgs(b) },
			device: func(w http.ResponseWriter) bool {
				clitest.Reply(w, http.StatusOK, map[string]any{"device_code": "x", "user_code": "y", "verification_uri": "http://evil.example/", "expires_in": 300})
				return true
			}, exit: cmdutil.ExitError, stderr: []string{"devicecode: gitlab: ", "/verification_uri"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := clitest.OAuthServer(t, tt.device, tt.token)
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
			if tt.exit == cmdutil.ExitError {
				clitest.CheckFlowErrorLine(t, stderr, tt.args(base)[1])
			}
			if strings.Contains(stderr, loginSecret) || strings.Contains(stderr, clitest.DeviceCode) || strings.Contains(stderr, clitest.Token) {
				t.Errorf("stderr shows a secret:\n%s", stderr)
			}
			if !strings.Contains(strings.Join(tt.args(base), " "), "json") && strings.Contains(stdout, clitest.Token) {
				t.Errorf("text output shows the token:\n%s", stdout)
			}
		})
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
			if code != cmdutil.ExitUsage || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 2 and %q", code, stdout, stderr, tt.want)
			}
			clitest.CheckUsageLine(t, stderr)
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
	errOut := &clitest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"login", "gitlab", "--base-url", srv.BaseURL, "--client-id", srv.ConfidentialClientID,
			"--auth-style", "basic", "--client-secret", srv.ConfidentialClientSecret,
			"--scope", "openid offline_access", "--output", "json"}, clitest.FactoryOn(nil, &out, errOut))
	}()
	userCode := clitest.WaitForUserCode(ctx, t, errOut)
	if err := srv.Approve(ctx, userCode); err != nil {
		t.Fatal(err)
	}
	if code := <-exit; code != cmdutil.ExitOK {
		t.Fatalf("exit %d\nstderr:\n%s", code, errOut.String())
	}
	var tok shared.TokenOutput
	if err := json.Unmarshal(out.Bytes(), &tok); err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.IDToken == "" {
		t.Fatalf("stdout %s: %+v, %v", out.String(), tok, err)
	}
	if strings.Contains(errOut.String(), srv.ConfidentialClientSecret) {
		t.Error("stderr shows the client secret")
	}
	t.Logf("stderr:\n%s", errOut.String())
}

func loginCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	f := clitest.Factory("")
	return clitest.Run(t, f, NewCmd(f), args...)
}

// runCLI is loginCLI reading stdin.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, NewCmd(f), args...)
}

// run runs args with f, as the CLI would, and returns the exit status.
func run(ctx context.Context, args []string, f *cmdutil.Factory) int {
	return clitest.Exec(ctx, f, NewCmd(f), args...)
}

func TestMain(m *testing.M) { clitest.Main(m) }

// TestLoginErrorEscaped: whatever the server puts in its error, no
// terminal control reaches stderr.
func TestLoginErrorEscaped(t *testing.T) {
	t.Parallel()
	base := clitest.OAuthServer(t, nil, func(w http.ResponseWriter) {
		clitest.Reply(w, http.StatusBadRequest, map[string]any{"error": "access_denied\x1b[2J",
			"error_description": "no\x1b]0;pwned\x07 \u202eevil\u009b31m"})
	})
	code, _, stderr := loginCLI(t, clitest.GitLabArgs(base)...)
	if code != cmdutil.ExitError || strings.ContainsAny(stderr, "\x1b\x07\u202e\u009b") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	clitest.CheckFlowErrorLine(t, stderr, "gitlab")
}

// TestLoginSecretFromEnv: the secret may come from the environment; an
// error it causes names the variable, and it never shows up in help.
func TestLoginSecretFromEnv(t *testing.T) {
	t.Setenv(shared.SecretEnv, loginSecret)
	base := clitest.OAuthServer(t, nil, clitest.Grant(nil))
	code, _, stderr := loginCLI(t, clitest.GitLabArgs(base)...)
	if want := shared.SecretEnv + " is set, so --auth-style form|basic is required"; code != cmdutil.ExitUsage || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, want)
	}
	if code, _, stderr := loginCLI(t, clitest.GitLabArgs(base, "--auth-style", "form")...); code != cmdutil.ExitOK {
		t.Errorf("with --auth-style: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := loginCLI(t, clitest.GitLabArgs(base, "--client-secret", "")...); code != cmdutil.ExitOK {
		t.Errorf(`--client-secret "" turns the variable off: exit %d, stderr:\n%s`, code, stderr)
	}
	if _, stdout, _ := loginCLI(t, "login", "gitlab", "--help"); strings.Contains(stdout, loginSecret) {
		t.Error("help shows the secret from the environment")
	}
}
