package login

import (
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// TestLoginRetryNotes: the user sees why nothing happens while polls are
// retried, and the flow still succeeds.
func TestLoginRetryNotes(t *testing.T) {
	t.Parallel()
	// slow_down is left to TestEventMessage: it adds 5 s to the interval.
	base := clitest.OAuthServer(t, nil, clitest.Sequence(clitest.BadGateway, clitest.Grant(nil)))
	code, stdout, stderr := loginCLI(t, clitest.GitLabArgs(base)...)
	if code != cmdutil.ExitOK || !strings.Contains(stdout, "signed in to gitlab") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if want := "token endpoint answered 502, retrying in 1s\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}
