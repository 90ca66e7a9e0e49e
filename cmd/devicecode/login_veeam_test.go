package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
)

const (
	veeamTestPassword = "VB365-cli-p@ss-do-not-print"
	veeamTestOrg      = "5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60"
)

// veeamFake starts a fake VB365 server and points the command's clients at
// its auto fake clock, so that five-second polls cost nothing.
func veeamFake(t *testing.T, o devicetest.VeeamOptions) *devicetest.VeeamServer {
	t.Helper()
	clk := fakeclock.NewAuto(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	o.Clock, o.Password = clk, veeamTestPassword
	o.Organizations = append(o.Organizations, veeamTestOrg)
	srv := devicetest.NewVeeam(o)
	t.Cleanup(srv.Close)
	veeamOptions = []devicecode.Option{devicecode.WithClock(clk)}
	t.Cleanup(func() { veeamOptions = nil })
	t.Setenv(veeamPasswordEnv, veeamTestPassword)
	return srv
}

func TestLoginVeeamJSON(t *testing.T) {
	for _, v := range []string{"v6", "v8"} {
		t.Run(v, func(t *testing.T) {
			srv := veeamFake(t, devicetest.VeeamOptions{Version: v})
			srv.ApproveAfterChecks(2)
			code, stdout, stderr := runCLI(t, "", "login", "veeam", "--base-url", srv.URL, "--username", "admin",
				"--new-organization", "--region", "Worldwide", "--output", "json")
			if code != exitOK {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("stdout %q: %v", stdout, err)
			}
			if got["user_code"] != srv.UserCodes()[0] || got["authenticated"] != true || got["api_version"] != v {
				t.Errorf("json %v", got)
			}
			if _, ok := got["applications"]; ok {
				t.Errorf("applications without --create-apps: %v", got)
			}
			if !strings.Contains(stderr, "https://microsoft.com/devicelogin") || !strings.Contains(stderr, srv.UserCodes()[0]) {
				t.Errorf("prompt missing from stderr:\n%s", stderr)
			}
			if strings.Contains(stdout+stderr, veeamTestPassword) {
				t.Error("the password was printed")
			}
		})
	}
}

func TestLoginVeeamCreateApps(t *testing.T) {
	srv := veeamFake(t, devicetest.VeeamOptions{Version: "v7", TLS: true})
	srv.ApproveAfterChecks(1)
	dir := t.TempDir()
	ca, pw := filepath.Join(dir, "vb365.pem"), filepath.Join(dir, "pw")
	if err := os.WriteFile(ca, srv.CertificatePEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pw, []byte(veeamTestPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(veeamPasswordEnv, "")
	code, stdout, stderr := runCLI(t, "", "login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--password-file", pw, "--ca-file", ca, "--api-version", "v7",
		"--organization", veeamTestOrg, "--create-apps", "2", "--display-name", "VB365 backup", "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var got veeamResult
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Applications) != 2 || got.Applications[0].ID == "" || got.Applications[0].DisplayName != "VB365 backup" || got.APIVersion != "v7" {
		t.Errorf("result %+v", got)
	}
	if !strings.Contains(stdout, `"application_id"`) || !strings.Contains(stdout, `"display_name"`) {
		t.Errorf("json member names: %s", stdout)
	}
	// Without the CA file the self-signed certificate is refused.
	code, _, stderr = runCLI(t, "", "login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--password-file", pw, "--new-organization")
	if code != exitError || !strings.Contains(stderr, "certificate") {
		t.Errorf("without --ca-file: exit %d, stderr %s", code, stderr)
	}
}

func TestLoginVeeamFlowErrors(t *testing.T) {
	tests := []struct {
		name   string
		opts   devicetest.VeeamOptions
		env    string
		args   []string
		stderr string
	}{
		{"wrong password", devicetest.VeeamOptions{}, "wrong", []string{"--new-organization"},
			"devicecode: veeam: requesting a device code: signing in to the server: the server refused the user name or password (HTTP 401 Unauthorized)"},
		{"unknown organization", devicetest.VeeamOptions{}, "", []string{"--organization", "11111111-2222-4333-8444-555555555555"},
			"devicecode: veeam: requesting a device code: the server has no such resource (HTTP 404 Not Found, ResourceNotFound): Organization not found."},
		{"expired", devicetest.VeeamOptions{CodeLifetime: 20 * time.Second}, "", []string{"--new-organization"},
			"devicecode: veeam: waiting for approval: the code expired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := veeamFake(t, tc.opts)
			if tc.env != "" {
				t.Setenv(veeamPasswordEnv, tc.env)
			}
			code, stdout, stderr := runCLI(t, "", append([]string{"login", "veeam", "--base-url", srv.URL, "--username", "admin"}, tc.args...)...)
			if code != exitError || stdout != "" || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant %q", code, stdout, stderr, tc.stderr)
			}
		})
	}
}

func TestLoginVeeamUsage(t *testing.T) {
	base := []string{"login", "veeam", "--base-url", "https://vb365.example:4443", "--username", "admin"}
	tests := []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"no base URL", "pw", []string{"login", "veeam", "--username", "admin", "--new-organization"}, "--base-url is required"},
		{"no password", "", append(base, "--new-organization"), "the password is required: set $" + veeamPasswordEnv + " or pass --password-file"},
		{"no target", "pw", base, "exactly one of --new-organization, --organization ID, --restore-session ID is required"},
		{"two targets", "pw", append(base, "--new-organization", "--restore-session", "x"), "exactly one of"},
		{"region without new", "pw", append(base, "--organization", veeamTestOrg, "--region", "China"), "--region goes with --new-organization"},
		{"bad region", "pw", append(base, "--new-organization", "--region", "Mars"), "must be"},
		{"apps without org", "pw", append(base, "--new-organization", "--create-apps", "1", "--display-name", "x"), "--create-apps goes with --organization ID"},
		{"apps without name", "pw", append(base, "--organization", veeamTestOrg, "--create-apps", "1"), "--create-apps needs --display-name NAME"},
		{"bad version", "pw", append(base, "--new-organization", "--api-version", "v5"), "must be"},
		{"plain http", "pw", []string{"login", "veeam", "--base-url", "http://vb365.example:4443", "--username", "admin", "--new-organization"}, "--base-url must use https"},
		{"organization not a UUID", "pw", append(base, "--organization", "contoso"), `--organization ID "contoso" is not a UUID`},
		{"missing CA file", "pw", append(base, "--new-organization", "--ca-file", "/nonexistent.pem"), "--ca-file:"},
		{"password as a flag", "pw", append(base, "--new-organization", "--password", "x"), "unknown flag: --password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(veeamPasswordEnv, tc.env)
			code, _, stderr := runCLI(t, "", tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("exit %d, stderr %q, want one line with %q", code, stderr, tc.want)
			}
		})
	}
}

func TestLoginVeeamText(t *testing.T) {
	srv := veeamFake(t, devicetest.VeeamOptions{RestoreSessions: []string{"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"}})
	srv.ApproveAfterChecks(0)
	code, stdout, stderr := runCLI(t, "", "login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--restore-session", "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	want := "signed in through veeam (v8): user code " + srv.UserCodes()[0] + " is authenticated\n"
	if stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	reqs := srv.Requests()
	if p := reqs[len(reqs)-2].Path; !strings.HasSuffix(p, "/organization/restoreDeviceCode") {
		t.Errorf("requests %+v", reqs)
	}
}
