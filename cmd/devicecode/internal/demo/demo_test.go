package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// Every scenario ends as it must for every vendor, and the demo says so
// with exit 0; the JSON form is one object per vendor.
func TestDemoScenarios(t *testing.T) {
	for _, name := range scenarioNames {
		if name == durableScenario {
			continue // on the real clock: TestDemoDurable runs it a vendor at a time
		}
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", "demo", "--scenario", name, "--output", "json")
			if code != cmdutil.ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q\n%s", code, stderr, stdout)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if len(lines) != len(demoVendors) {
				t.Fatalf("%d JSON lines, want one per vendor:\n%s", len(lines), stdout)
			}
			for _, line := range lines {
				var r demoResult
				if err := json.Unmarshal([]byte(line), &r); err != nil || !r.Expected || len(r.Requests) < 2 {
					t.Errorf("%v: %s", err, line)
				}
				if strings.Contains(line, `"device_code":"dc-`) || strings.Contains(line, "glpat-") || strings.Contains(line, "eyJ0eXAi.") ||
					strings.Contains(line, devicetest.CohesityAPIKey) || regexp.MustCompile(`"(clientSecret|access_?[tT]oken|refresh_token)":"[^\[]`).MatchString(line) {
					t.Errorf("a secret in the demo output: %s", line)
				}
			}
		})
	}
}

// The text form shows each step a person should see.
func TestDemoText(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "demo", "--vendor", "gitlab", "--scenario", "slow_down")
	if code != cmdutil.ExitOK {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	for _, want := range []string{
		"== gitlab, scenario slow_down ==", "vendor's answer to POST /oauth/authorize_device (HTTP 200; secrets redacted)",
		`"device_code":"[REDACTED]"`, "canonical device code:", "the prompt:\n  To sign in to GitLab at 127.0.0.1:",
		"\n  The code expires at 09:05:00 UTC (in 5m0s).\n",
		"5s  POST /oauth/token → HTTP 400 slow_down; the next request 10s later", "outcome: signed in: Bearer token (redacted)",
		"(as expected)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if r, bad := safetext.Unsafe(stdout); bad {
		t.Errorf("output carries %U", r)
	}
}

// --output json: "at_s" is seconds since the flow started, and every
// member the demo emits is documented in its help.
func TestDemoJSONMembers(t *testing.T) {
	documented := documentedInHelp()
	seen := map[string]bool{}
	for _, name := range []string{"approve", "flaky"} {
		_, stdout, _ := runCLI(t, "", "demo", "--scenario", name, "--output", "json")
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var r struct {
				Vendor   string                       `json:"vendor"`
				Requests []map[string]json.RawMessage `json:"requests"`
			}
			var top map[string]json.RawMessage
			if json.Unmarshal([]byte(line), &r) != nil || json.Unmarshal([]byte(line), &top) != nil {
				t.Fatalf("not a JSON object: %s", line)
			}
			for k := range top {
				seen[k] = true
			}
			for _, e := range r.Requests {
				for k := range e {
					seen[k] = true
				}
			}
			if name == "approve" && r.Vendor == "gitlab" {
				var at []string
				for _, e := range r.Requests {
					at = append(at, string(e["at_s"]))
				}
				if got := strings.Join(at, " "); got != "0 5 10 15" {
					t.Errorf("gitlab's at_s = %s, want 0 5 10 15 (seconds)", got)
				}
			}
		}
	}
	for k := range seen {
		if !documented(k) {
			t.Errorf("the JSON member %q is not in demo --help", k)
		}
	}
	if !seen["at_s"] || !seen["note"] || seen["at"] {
		t.Errorf("members %v: want at_s and note, no at", seen)
	}
}

// The Veeam deny scenario passes only on the fake's refusal of a declined
// code, and says so in words; another 400 is no refusal by the person.
func TestDemoVeeamDeny(t *testing.T) {
	set := veeamSetup("deny", fakeclock.New(demoStart))
	defer set.fake.Close()
	wait := func(e *veeam.Error) error { return fmt.Errorf("veeam: waiting for approval: %w", e) }
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"declined":       {wait(&veeam.Error{StatusCode: 400, Message: veeamDeclinedMessage}), true},
		"unknown code":   {wait(&veeam.Error{StatusCode: 400, Message: "The device code is not found."}), false},
		"validation":     {wait(&veeam.Error{StatusCode: 400, ErrorCode: "ParameterValidationFailure", Message: veeamDeclinedMessage}), false},
		"OAuth 400":      {wait(&veeam.Error{StatusCode: 400, OAuthCode: "invalid_grant", Message: veeamDeclinedMessage}), false},
		"403":            {wait(&veeam.Error{StatusCode: 403, Message: veeamDeclinedMessage}), false},
		"expired":        {fmt.Errorf("veeam: waiting for approval: %w", devicecode.ErrExpiredToken), false},
		"signed in":      {nil, false},
		"other failures": {errors.New("veeam: waiting for approval: connection refused"), false},
	} {
		if got := set.expected(tc.err); got != tc.want {
			t.Errorf("%s: expected(%v) = %v, want %v", name, tc.err, got, tc.want)
		}
	}
	code, stdout, _ := runCLI(t, "", "demo", "--vendor", "veeam", "--scenario", "deny")
	if want := "outcome: sign-in refused (VB365 answers HTTP 400 for a declined or refused code): "; code != cmdutil.ExitOK ||
		!strings.Contains(stdout, want) || !strings.Contains(stdout, veeamDeclinedMessage+" (as expected)\n") {
		t.Errorf("exit %d, want 0 and %q:\n%s", code, want, stdout)
	}
}

// documentedInHelp reports whether a JSON member is in demo --help.
func documentedInHelp() func(name string) bool {
	long := NewCmd(clitest.Factory("")).Long
	return func(name string) bool { return regexp.MustCompile(`[ {]` + name + `[,} ]`).MatchString(long) }
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, NewCmd(f), args...)
}
