package veeamcmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/devicetest"
)

const (
	veeamTestPassword = "VB365-cli-p@ss-do-not-print"
	veeamTestOrg      = "5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60"
)

// veeamFake starts a fake VB365 server, and returns it with a runCLI whose
// command's clients run on the server's auto fake clock, so that
// five-second polls cost nothing.
func veeamFake(t *testing.T, o devicetest.VeeamOptions) (*devicetest.VeeamServer, func(args ...string) (int, string, string)) {
	t.Helper()
	clk := fakeclock.NewAuto(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	o.Clock, o.Password = clk, veeamTestPassword
	o.Organizations = append(o.Organizations, veeamTestOrg)
	srv := devicetest.NewVeeam(o)
	t.Cleanup(srv.Close)
	t.Setenv(PasswordEnv, veeamTestPassword)
	return srv, func(args ...string) (int, string, string) {
		t.Helper()
		f := clitest.Factory("")
		f.ClientOptions = []devicecode.Option{devicecode.WithClock(clk)}
		return clitest.Run(t, f, clitest.Group("login", NewCmd(f)), args...)
	}
}

func TestLoginVeeamJSON(t *testing.T) {
	for _, v := range []string{"v6", "v8"} {
		t.Run(v, func(t *testing.T) {
			srv, veeamCLI := veeamFake(t, devicetest.VeeamOptions{Version: v})
			srv.ApproveAfterChecks(2)
			code, stdout, stderr := veeamCLI("login", "veeam", "--base-url", srv.URL, "--username", "admin",
				"--new-organization", "--region", "worldwide", "--output", "json")
			if code != cmdutil.ExitOK {
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
			// The person signs in to Microsoft, for the VB365 server that asked.
			if !strings.Contains(stderr, "To sign in to Microsoft for Veeam at "+strings.TrimPrefix(srv.URL, "http://")+", open\n") ||
				!strings.Contains(stderr, "https://microsoft.com/devicelogin") || strings.Count(stderr, srv.UserCodes()[0]) != 1 {
				t.Errorf("prompt missing from stderr, or the code not shown once:\n%s", stderr)
			}
			if strings.Contains(stdout+stderr, veeamTestPassword) {
				t.Error("the password was printed")
			}
		})
	}
}

func TestLoginVeeamCreateApps(t *testing.T) {
	srv, veeamCLI := veeamFake(t, devicetest.VeeamOptions{Version: "v7", TLS: true})
	srv.ApproveAfterChecks(1)
	dir := t.TempDir()
	ca, pw := filepath.Join(dir, "vb365.pem"), filepath.Join(dir, "pw")
	if err := os.WriteFile(ca, srv.CertificatePEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pw, []byte(veeamTestPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(PasswordEnv, "")
	code, stdout, stderr := veeamCLI("login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--password-file", pw, "--ca-file", ca, "--api-version", "v7",
		"--organization", veeamTestOrg, "--create-apps", "2", "--display-name", "VB365 backup", "-o", "json")
	if code != cmdutil.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var got result
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
	code, _, stderr = veeamCLI("login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--password-file", pw, "--new-organization")
	if code != cmdutil.ExitError || !strings.Contains(stderr, "certificate") {
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
			"devicecode: veeam: requesting a device code: signing in to the server: the server refused the credentials (HTTP 401 Unauthorized)"},
		{"unknown organization", devicetest.VeeamOptions{}, "", []string{"--organization", "11111111-2222-4333-8444-555555555555"},
			"devicecode: veeam: requesting a device code: the server has no such resource (HTTP 404 Not Found, ResourceNotFound): Organization not found."},
		{"expired", devicetest.VeeamOptions{CodeLifetime: 20 * time.Second}, "", []string{"--new-organization"},
			"devicecode: veeam: waiting for approval: the code expired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, veeamCLI := veeamFake(t, tc.opts)
			if tc.env != "" {
				t.Setenv(PasswordEnv, tc.env)
			}
			code, stdout, stderr := veeamCLI(append([]string{"login", "veeam", "--base-url", srv.URL, "--username", "admin"}, tc.args...)...)
			if code != cmdutil.ExitError || stdout != "" || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant %q", code, stdout, stderr, tc.stderr)
			}
		})
	}
}

func TestLoginVeeamUsage(t *testing.T) {
	base := []string{"login", "veeam", "--base-url", "https://vb365.example:4443", "--username", "admin"}
	missing := filepath.Join(t.TempDir(), "missing.pem")
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"no base URL", "pw", []string{"login", "veeam", "--username", "admin", "--new-organization"}, "--base-url is required"},
		{"no password", "", append(base, "--new-organization"), "the VB365 password is required: set $" + PasswordEnv + " or pass --password-file"},
		{"no target", "pw", base, "exactly one of --new-organization, --organization ID, --restore-session ID is required"},
		{"two targets", "pw", append(base, "--new-organization", "--restore-session", "x"), "exactly one of"},
		{"region without new", "pw", append(base, "--organization", veeamTestOrg, "--region", "china"), "--region goes with --new-organization"},
		{"VB365's word for a region", "pw", append(base, "--new-organization", "--region", "USGovernment"), `invalid argument "USGovernment" for "--region" flag`},
		{"bad region", "pw", append(base, "--new-organization", "--region", "Mars"), "must be"},
		{"apps without org", "pw", append(base, "--new-organization", "--create-apps", "1", "--display-name", "x"), "--create-apps N needs --organization ID"},
		{"apps without name", "pw", append(base, "--organization", veeamTestOrg, "--create-apps", "1"), "--create-apps N needs --display-name NAME"},
		{"bad version", "pw", append(base, "--new-organization", "--api-version", "v5"), "must be"},
		{"plain http", "pw", []string{"login", "veeam", "--base-url", "http://vb365.example:4443", "--username", "admin", "--new-organization"}, "--base-url must use https"},
		{"organization not a UUID", "pw", append(base, "--organization", "contoso"), `--organization ID "contoso" is not a UUID`},
		{"negative apps", "pw", append(base, "--organization", veeamTestOrg, "--create-apps", "-1"), "--create-apps must not be negative"},
		{"name without apps", "pw", append(base, "--organization", veeamTestOrg, "--display-name", "x"), "--display-name goes with --create-apps N"},
		{"empty password file", "", append(base, "--new-organization", "--password-file", os.DevNull), "--password-file " + os.DevNull + ": want one line holding the VB365 password"},
		{"missing CA file", "pw", append(base, "--new-organization", "--ca-file", missing), "--ca-file: " + missing + ": no such file or directory"},
		{"CA file without PEM", "pw", append(base, "--new-organization", "--ca-file", notPEM), "--ca-file " + notPEM + ": the CA file holds no PEM certificate"},
		{"password as a flag", "pw", append(base, "--new-organization", "--password", "x"), "unknown flag: --password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(PasswordEnv, tc.env)
			code, _, stderr := runCLI(t, "", tc.args...)
			if code != cmdutil.ExitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("exit %d, stderr %q, want one line with %q", code, stderr, tc.want)
			}
		})
	}
}

func TestLoginVeeamText(t *testing.T) {
	srv, veeamCLI := veeamFake(t, devicetest.VeeamOptions{RestoreSessions: []string{"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"}})
	srv.ApproveAfterChecks(0)
	code, stdout, stderr := veeamCLI("login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--restore-session", "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9")
	if code != cmdutil.ExitOK {
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

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, clitest.Group("login", NewCmd(f)), args...)
}

func TestMain(m *testing.M) { clitest.Main(m) }

// TestRegions: every --region has VB365's word, and the request carries
// it.
func TestRegions(t *testing.T) {
	for _, r := range shared.Regions {
		if _, ok := regions[r]; !ok {
			t.Errorf("--region %s has no VB365 region", r)
		}
	}
	if len(regions) != len(shared.Regions) {
		t.Errorf("VB365 maps %d regions, --region has %d", len(regions), len(shared.Regions))
	}
	srv, veeamCLI := veeamFake(t, devicetest.VeeamOptions{})
	srv.ApproveAfterChecks(0)
	if code, _, stderr := veeamCLI("login", "veeam", "--base-url", srv.URL, "--username", "admin",
		"--new-organization", "--region", "us-dod"); code != cmdutil.ExitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	sent := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/DeviceCode") {
			sent++
			if !strings.Contains(r.Body, `"targetRegion":"USDefence"`) {
				t.Errorf("--region us-dod sent %s", r.Body)
			}
		}
	}
	if sent != 1 {
		t.Errorf("%d device-code requests, want 1: %+v", sent, srv.Requests())
	}
}
