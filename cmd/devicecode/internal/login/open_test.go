package login

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// TestLoginOpen: --open hands the complete URI (the plain one when the
// vendor sends none) to the browser opener, and a failure to open is a
// note, not the end of the flow.
func TestLoginOpen(t *testing.T) {
	var opened []string
	var fail error
	browser := func(url string, _ io.Writer) error {
		opened = append(opened, url)
		return fail
	}
	loginCLI := func(t *testing.T, args ...string) (int, string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		f := clitest.FactoryOn(nil, &out, &errOut)
		f.Browser = browser
		code := run(context.Background(), args, f)
		return code, out.String(), errOut.String()
	}

	base := clitest.OAuthServer(t, nil, clitest.Grant(nil))
	code, _, stderr := loginCLI(t, clitest.GitLabArgs(base, "--open")...)
	if want := base + "/gitlab/oauth/device?user_code=WDJB-MJHT"; code != cmdutil.ExitOK || len(opened) != 1 || opened[0] != want {
		t.Fatalf("exit %d, opened %q, want %q; stderr:\n%s", code, opened, want, stderr)
	}
	if !strings.Contains(stderr, "Opened "+opened[0]+" in your browser.") {
		t.Errorf("stderr does not say what was opened:\n%s", stderr)
	}

	fail = errors.New("no display")
	code, _, stderr = loginCLI(t, clitest.MicrosoftArgs(base, "--open")...)
	if code != cmdutil.ExitOK || len(opened) != 2 || opened[1] != "https://microsoft.com/devicelogin" {
		t.Fatalf("exit %d, opened %q; stderr:\n%s", code, opened, stderr)
	}
	if !strings.Contains(stderr, "Could not open a browser (no display)") {
		t.Errorf("stderr does not explain the failure:\n%s", stderr)
	}

	opened = nil
	if code, _, _ := loginCLI(t, clitest.GitLabArgs(base)...); code != cmdutil.ExitOK || opened != nil {
		t.Errorf("without --open: exit %d, opened %q", code, opened)
	}
}
