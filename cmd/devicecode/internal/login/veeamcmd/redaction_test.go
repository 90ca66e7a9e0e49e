package veeamcmd

import (
	"regexp"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

// The tokens the VB365 fake issues; a wrong password the test signs in with.
var veeamTokens = regexp.MustCompile(`\b(at|rt)-[0-9a-f]{16,}`)

const markCLIWrongPassword = "SECRET-CLI-WRONG-PASSWORD-93aa"

// TestCLIRedactsVeeam: VB365's output holds no token even with --output
// json (the user code is all it spends), so nothing is exempt.
func TestCLIRedactsVeeam(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		exit int
	}{
		{"text", nil, cmdutil.ExitOK},
		{"json", []string{"--output", "json"}, cmdutil.ExitOK},
		{"wrong password", []string{"--password-file", clitest.SecretFile(t, markCLIWrongPassword)}, cmdutil.ExitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, veeamCLI := veeamFake(t, devicetest.VeeamOptions{}) // sets the environment: not parallel
			srv.ApproveAfterChecks(1)
			code, stdout, stderr := veeamCLI(append([]string{"login", "veeam", "--base-url", srv.URL, "--username", "admin",
				"--new-organization"}, tc.args...)...)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", code, tc.exit, stderr)
			}
			clitest.NotShown(t, "stdout", stdout, []string{veeamTestPassword, markCLIWrongPassword}, veeamTokens)
			clitest.NotShown(t, "stderr", stderr, []string{veeamTestPassword, markCLIWrongPassword}, veeamTokens)
		})
	}
}
