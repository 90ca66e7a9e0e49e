package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/devicetest"
)

// The CLI's text output never shows a device code, token, password, API
// key or client secret, on stdout or stderr, whatever the outcome. The one
// exemption is stdout with --output json for gitlab, microsoft and
// cohesity: it prints the tokens (and Cohesity's application secrets) on
// purpose, for scripts, and the help says to treat it as a secret. Even
// there it never shows the device code, the client secret, the API key or
// a password. The user code is shown by design (see internal/redaction).

const cliMarkSecret = "SECRET-CLI-CLIENT-SECRET-e41b"

// The shapes of what the fakes issue. Each test also checks that a shape
// matches where the secret is meant to be (the JSON output, the fake's
// request log), so a shape that matches nothing cannot pass unnoticed.
var (
	gitlabTokens    = regexp.MustCompile(`\bgl(pat|rt)-[a-z2-7]{20,}`)
	microsoftTokens = regexp.MustCompile(`\beyJ(0eXAi|hbGciOi)\.[a-z2-7]{24}|\b1\.AR[a-z2-7]{24}`)
	fakeDeviceCodes = regexp.MustCompile(`\bdc-[0-9a-z]{24}`)
	cohesityTokens  = regexp.MustCompile(`\b(ms|secret|login)-[0-9a-f]{24}`)
	veeamTokens     = regexp.MustCompile(`\b(at|rt)-[0-9a-f]{16,}`)
)

func TestCLIRedactsOAuthVendors(t *testing.T) {
	vendors := []struct {
		name   string
		start  func(devicetest.Options) *devicetest.Server
		args   func(url string) []string
		tokens *regexp.Regexp
	}{
		{"gitlab", devicetest.NewGitLab, func(u string) []string {
			return []string{"login", "gitlab", "--base-url", u, "--client-id", "app", "--auth-style", "basic", "--client-secret", cliMarkSecret, "--scope", "read_user"}
		}, gitlabTokens},
		{"microsoft", devicetest.NewMicrosoft, func(u string) []string {
			return []string{"login", "microsoft", "--authority-host", u, "--tenant", "contoso.onmicrosoft.com", "--auth-style", "form", "--client-secret", cliMarkSecret,
				"--client-id", "00000000-0000-0000-0000-000000000001", "--scope", "User.Read openid offline_access"}
		}, microsoftTokens},
	}
	for _, v := range vendors {
		for _, tc := range []struct {
			name   string
			person devicetest.Person
			output string
			exit   int
		}{
			{"text", devicetest.ApproveAfter(0), "text", exitOK},
			{"json", devicetest.ApproveAfter(0), "json", exitOK},
			{"denied", devicetest.DenyAfter(0), "text", exitError},
		} {
			t.Run(v.name+" "+tc.name, func(t *testing.T) {
				t.Parallel()
				fake := v.start(devicetest.Options{Interval: time.Second, ClientSecret: cliMarkSecret, Person: tc.person,
					Script: []devicetest.Answer{devicetest.Pending}})
				t.Cleanup(fake.Close)
				code, stdout, stderr := loginCLI(t, append(v.args(fake.URL), "--output", tc.output)...)
				if code != tc.exit {
					t.Fatalf("exit %d, want %d\nstderr:\n%s", code, tc.exit, stderr)
				}
				codes := sentDeviceCodes(t, fake)
				if tc.output == "json" && !v.tokens.MatchString(stdout) {
					t.Fatalf("the token shape matches nothing in the JSON output: %s", stdout)
				}
				notShown(t, "stderr", stderr, append(codes, cliMarkSecret), v.tokens, fakeDeviceCodes)
				if tc.output == "json" {
					notShown(t, "stdout", stdout, append(codes, cliMarkSecret), fakeDeviceCodes)
				} else {
					notShown(t, "stdout", stdout, append(codes, cliMarkSecret), v.tokens, fakeDeviceCodes)
				}
			})
		}
	}
}

// sentDeviceCodes are the device codes the CLI polled with, from the
// fake's log; they have the shape fakeDeviceCodes looks for.
func sentDeviceCodes(t *testing.T, fake *devicetest.Server) []string {
	t.Helper()
	var codes []string
	for _, r := range fake.Requests() {
		if dc := r.Form.Get("device_code"); dc != "" {
			if !fakeDeviceCodes.MatchString(dc) {
				t.Fatalf("device code %q has another shape than fakeDeviceCodes", dc)
			}
			codes = append(codes, dc)
		}
	}
	if len(codes) == 0 {
		t.Fatal("no poll carried a device code")
	}
	return codes
}

func TestCLIRedactsCohesity(t *testing.T) {
	for _, tc := range []struct {
		name    string
		approve bool
		args    []string
		exit    int
	}{
		{"text", true, []string{"--create-apps", "2", "--username", "admin@contoso.onmicrosoft.com"}, exitOK},
		{"json", true, []string{"--create-apps", "2", "--username", "admin@contoso.onmicrosoft.com", "--output", "json"}, exitOK},
		{"expired", false, nil, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := cohesityFake(t, devicetest.CohesityOptions{APIKey: markCLIKey, Lifetime: 3 * time.Second,
				Script: []devicetest.Answer{devicetest.Pending}})
			code, stdout, stderr := cohesityCLI(t, fake, tc.approve, append([]string{"--base-url", fake.URL,
				"--domain", "contoso.onmicrosoft.com", "--api-key-file", secretFile(t, markCLIKey)}, tc.args...)...)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", code, tc.exit, stderr)
			}
			json := tc.name == "json"
			if json && len(cohesityTokens.FindAllString(stdout, -1)) != 3 {
				t.Fatalf("the token and the two application secrets are not in the JSON output: %s", stdout)
			}
			notShown(t, "stderr", stderr, []string{markCLIKey}, cohesityTokens, fakeDeviceCodes)
			if json {
				notShown(t, "stdout", stdout, []string{markCLIKey}, fakeDeviceCodes)
			} else {
				notShown(t, "stdout", stdout, []string{markCLIKey}, cohesityTokens, fakeDeviceCodes)
			}
		})
	}
}

const (
	markCLIKey           = "SECRET-CLI-API-KEY-0c7d"
	markCLIWrongPassword = "SECRET-CLI-WRONG-PASSWORD-93aa"
)

// secretFile writes secret into a file of its own, as --api-key-file and
// --password-file read it.
func secretFile(t *testing.T, secret string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(name, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestCLIRedactsVeeam: VB365's output holds no token even with --output
// json (the user code is all it spends), so nothing is exempt.
func TestCLIRedactsVeeam(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		exit int
	}{
		{"text", nil, exitOK},
		{"json", []string{"--output", "json"}, exitOK},
		{"wrong password", []string{"--password-file", secretFile(t, markCLIWrongPassword)}, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := veeamFake(t, devicetest.VeeamOptions{}) // sets package state: not parallel
			srv.ApproveAfterChecks(1)
			code, stdout, stderr := runCLI(t, "", append([]string{"login", "veeam", "--base-url", srv.URL, "--username", "admin",
				"--new-organization"}, tc.args...)...)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", code, tc.exit, stderr)
			}
			notShown(t, "stdout", stdout, []string{veeamTestPassword, markCLIWrongPassword}, veeamTokens)
			notShown(t, "stderr", stderr, []string{veeamTestPassword, markCLIWrongPassword}, veeamTokens)
		})
	}
}

func notShown(t *testing.T, name, out string, secrets []string, shapes ...*regexp.Regexp) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("%s shows the secret %q:\n%s", name, s, out)
		}
	}
	for _, re := range shapes {
		if m := re.FindString(out); m != "" {
			t.Errorf("%s shows %q:\n%s", name, m, out)
		}
	}
}
