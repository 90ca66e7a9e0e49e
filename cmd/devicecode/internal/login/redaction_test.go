package login

import (
	"regexp"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

// The CLI's text output never shows a device code, token, password, API
// key or client secret, on stdout or stderr, whatever the outcome. The one
// exemption is stdout with --output json for gitlab, microsoft and
// cohesity: it prints the tokens (and Cohesity's application secrets) on
// purpose, for scripts, and the help says to treat it as a secret. Even
// there it never shows the device code, the client secret, the API key or
// a password. The user code is shown by design (see internal/redaction).
// The Cohesity and Veeam commands' tests are in their packages.

const cliMarkSecret = "SECRET-CLI-CLIENT-SECRET-e41b"

// The shapes of what the fakes issue. Each test also checks that a shape
// matches where the secret is meant to be (the JSON output, the fake's
// request log), so a shape that matches nothing cannot pass unnoticed.
var (
	gitlabTokens    = regexp.MustCompile(`\bgl(pat|rt)-[a-z2-7]{20,}`)
	microsoftTokens = regexp.MustCompile(`\beyJ(0eXAi|hbGciOi)\.[a-z2-7]{24}|\b1\.AR[a-z2-7]{24}`)
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
			{"text", devicetest.ApproveAfter(0), "text", cmdutil.ExitOK},
			{"json", devicetest.ApproveAfter(0), "json", cmdutil.ExitOK},
			{"denied", devicetest.DenyAfter(0), "text", cmdutil.ExitError},
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
				clitest.NotShown(t, "stderr", stderr, append(codes, cliMarkSecret), v.tokens, clitest.DeviceCodes)
				if tc.output == "json" {
					clitest.NotShown(t, "stdout", stdout, append(codes, cliMarkSecret), clitest.DeviceCodes)
				} else {
					clitest.NotShown(t, "stdout", stdout, append(codes, cliMarkSecret), v.tokens, clitest.DeviceCodes)
				}
			})
		}
	}
}

// sentDeviceCodes are the device codes the CLI polled with, from the
// fake's log; they have the shape clitest.DeviceCodes looks for.
func sentDeviceCodes(t *testing.T, fake *devicetest.Server) []string {
	t.Helper()
	var codes []string
	for _, r := range fake.Requests() {
		if dc := r.Form.Get("device_code"); dc != "" {
			if !clitest.DeviceCodes.MatchString(dc) {
				t.Fatalf("device code %q has another shape than clitest.DeviceCodes", dc)
			}
			codes = append(codes, dc)
		}
	}
	if len(codes) == 0 {
		t.Fatal("no poll carried a device code")
	}
	return codes
}
