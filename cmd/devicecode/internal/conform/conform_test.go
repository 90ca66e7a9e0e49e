package conform

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/sharedpath"
)

func TestConformPasses(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "conform", "testdata/good")
	if code != cmdutil.ExitOK || stderr != "" || !strings.HasSuffix(stdout, "conform: 9 passed, 0 failed\n") {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	for _, want := range []string{
		"ok   testdata/good/entra/device-v1.json: microsoft device authorization response",
		"ok   testdata/good/gitlab/token-minimal.json: gitlab token response",
		"ok   testdata/good/gitlab/pending.json: gitlab error response",
		"ok   testdata/good/veeam/azure-service-account.json: veeam device authorization response",
	} {
		if !strings.Contains(stdout, want+"\n") {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

// A capture's absolute expiry is history: judged 15 minutes before it by
// default, or at --now, where an expiry already past is a defect.
func TestConformCaptureTime(t *testing.T) {
	file := "testdata/good/veeam/azure-service-account.json" // expiresOnUtc 2025-01-02T03:19:05Z
	if code, stdout, _ := runCLI(t, "", "conform", file); code != cmdutil.ExitOK {
		t.Errorf("as captured: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := runCLI(t, "", "conform", "--now", "2025-01-02T03:10:00Z", file); code != cmdutil.ExitOK {
		t.Errorf("--now before the expiry: exit %d\n%s", code, stdout)
	}
	code, stdout, _ := runCLI(t, "", "conform", "--now", "2025-01-02T04:00:00Z", file)
	if code != cmdutil.ExitError || !strings.Contains(stdout, "/expiresOnUtc: lies in the past") {
		t.Errorf("--now after the expiry: exit %d\n%s", code, stdout)
	}
}

func TestConformFails(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "conform", "testdata/bad")
	want := "FAIL testdata/bad/gitlab/empty-user-code.json: gitlab device authorization response: /user_code: is empty\n"
	if code != cmdutil.ExitError || !strings.Contains(stdout, want) || !strings.HasSuffix(stdout, "conform: 1 passed, 1 failed\n") {
		t.Fatalf("exit %d, stdout:\n%s\nwant exit 1 and %q", code, stdout, want)
	}
	code, stdout, _ = runCLI(t, "", "conform", "--output", "json", "testdata/bad")
	var rep conformReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != cmdutil.ExitError || rep.Passed != 1 || rep.Failed != 1 {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	if p := rep.Files[0].Problems; len(p) != 1 || p[0].Field != "/user_code" || p[0].Reason != "is empty" {
		t.Errorf("problems %+v", p)
	}
}

func TestConformUsage(t *testing.T) {
	for args, want := range map[string]string{
		"conform":                        "devicecode conform: no PATH to check",
		"conform --vendor okta x.json":   `invalid argument "okta" for "--vendor"`,
		"conform --now yesterday x.json": `--now "yesterday" is not an RFC 3339 time`,
		"conform --output yaml x.json":   `invalid argument "yaml" for "-o, --output"`,
	} {
		code, stdout, stderr := runCLI(t, "", strings.Fields(args)...)
		if code != cmdutil.ExitUsage || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", args, code, stderr, want)
		}
	}
	// --format, the flag's old name, still works, with a note.
	code, stdout, stderr := runCLI(t, "", "conform", "--format", "json", "testdata/good")
	if code != cmdutil.ExitOK || !strings.HasPrefix(stdout, "{") ||
		stderr != "devicecode conform: --format is deprecated: use -o, --output\n" {
		t.Errorf("--format json: exit %d, stderr %q\n%s", code, stderr, stdout)
	}
	code, stdout, _ = runCLI(t, "", "conform", "testdata/nowhere.json")
	if code != cmdutil.ExitError || !strings.Contains(stdout, "FAIL testdata/nowhere.json: cannot be read") {
		t.Errorf("missing file: exit %d\n%s", code, stdout)
	}
	// conform reads no stdin: "-" is a file name like any other.
	code, stdout, _ = runCLI(t, "", "conform", "--vendor", "gitlab", "--", "-")
	if code != cmdutil.ExitError || !strings.Contains(stdout, "FAIL -: gitlab: cannot be read") {
		t.Errorf("-: exit %d\n%s", code, stdout)
	}
	// A gate that checked nothing must not pass.
	code, stdout, _ = runCLI(t, "", "conform", t.TempDir())
	if code != cmdutil.ExitError || !strings.Contains(stdout, "holds no *.json file") {
		t.Errorf("empty directory: exit %d\n%s", code, stdout)
	}
}

// The real captures in ../shared/fixtures pass (read in place; under
// CI=true their absence fails).
func TestConformSharedFixtures(t *testing.T) {
	dir := sharedpath.Dir(t, "fixtures")
	code, stdout, _ := runCLI(t, "", "conform", dir)
	if code != cmdutil.ExitOK || !strings.Contains(stdout, " 0 failed") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	t.Log(stdout)
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, NewCmd(f), args...)
}
