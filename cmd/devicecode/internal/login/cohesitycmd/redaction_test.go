package cohesitycmd

import (
	"regexp"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

// The tokens and secrets the Cohesity fake issues; the key the test uses.
var cohesityTokens = regexp.MustCompile(`\b(ms|secret|login)-[0-9a-f]{24}`)

const markCLIKey = "SECRET-CLI-API-KEY-0c7d"

// TestCLIRedactsCohesity: stdout and stderr never show the API key, a
// device code or (but with --output json, on stdout) a token or an
// application secret. See login's redaction tests for the policy.
func TestCLIRedactsCohesity(t *testing.T) {
	for _, tc := range []struct {
		name    string
		approve bool
		args    []string
		exit    int
	}{
		{"text", true, []string{"--create-apps", "2", "--m365-user", "admin@contoso.onmicrosoft.com"}, cmdutil.ExitOK},
		{"json", true, []string{"--create-apps", "2", "--m365-user", "admin@contoso.onmicrosoft.com", "--output", "json"}, cmdutil.ExitOK},
		{"expired", false, nil, cmdutil.ExitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := cohesityFake(t, devicetest.CohesityOptions{APIKey: markCLIKey, Lifetime: 3 * time.Second,
				Script: []devicetest.Answer{devicetest.Pending}})
			code, stdout, stderr := cohesityCLI(t, fake, tc.approve, append([]string{"--base-url", fake.URL,
				"--domain", "contoso.onmicrosoft.com", "--api-key-file", clitest.SecretFile(t, markCLIKey)}, tc.args...)...)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", code, tc.exit, stderr)
			}
			json := tc.name == "json"
			if json && len(cohesityTokens.FindAllString(stdout, -1)) != 3 {
				t.Fatalf("the token and the two application secrets are not in the JSON output: %s", stdout)
			}
			clitest.NotShown(t, "stderr", stderr, []string{markCLIKey}, cohesityTokens, clitest.DeviceCodes)
			if json {
				clitest.NotShown(t, "stdout", stdout, []string{markCLIKey}, clitest.DeviceCodes)
			} else {
				clitest.NotShown(t, "stdout", stdout, []string{markCLIKey}, cohesityTokens, clitest.DeviceCodes)
			}
		})
	}
}
