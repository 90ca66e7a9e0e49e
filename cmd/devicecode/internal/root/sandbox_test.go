package root

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// TestSandboxSignIn is the README's try-out: `devicecode sandbox`, then
// `devicecode login gitlab` against the URL it printed, then `devicecode
// sandbox approve CODE` — three commands, as a person runs them.
func TestSandboxSignIn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sbCtx, stop := context.WithCancel(ctx)
	sbOut := &clitest.SyncBuffer{}
	sbExit := make(chan int, 1)
	go func() {
		sbExit <- run(sbCtx, []string{"sandbox", "--addr", "127.0.0.1:0"}, clitest.FactoryOn(nil, sbOut, &clitest.SyncBuffer{}))
	}()
	base := clitest.WaitForMatch(ctx, t, sbOut, regexp.MustCompile(`gitlab +(http://127\.0\.0\.1:\d+/gitlab)`))
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/gitlab")

	loginErr, loginOut := &clitest.SyncBuffer{}, &clitest.SyncBuffer{}
	loginExit := make(chan int, 1)
	go func() {
		loginExit <- run(ctx, []string{"login", "gitlab", "--base-url", base, "--client-id", "any"}, clitest.FactoryOn(nil, loginOut, loginErr))
	}()
	code := clitest.WaitForUserCode(ctx, t, loginErr)
	if c, out, stderr := runCLI(t, "", "sandbox", "approve", code, "--addr", addr); c != cmdutil.ExitOK || out != "approved "+code+"\n" {
		t.Fatalf("approve: exit %d, %q, %q", c, out, stderr)
	}
	if c := <-loginExit; c != cmdutil.ExitOK || !strings.Contains(loginOut.String(), "signed in to gitlab") {
		t.Fatalf("login: exit %d\n%s\n%s", c, loginOut.String(), loginErr.String())
	}
	if c, _, stderr := runCLI(t, "", "sandbox", "deny", "NOPE-NOPE", "--addr", addr); c != cmdutil.ExitError || !strings.Contains(stderr, "no sign-in has the code NOPE-NOPE") {
		t.Errorf("deny unknown: exit %d, %q", c, stderr)
	}
	// The completed sign-in's code is used up, and the person hears so.
	if c, _, stderr := runCLI(t, "", "sandbox", "approve", code, "--addr", addr); c != cmdutil.ExitError || !strings.Contains(stderr, "was already used") {
		t.Errorf("approve again: exit %d, %q", c, stderr)
	}
	stop()
	if c := <-sbExit; c != cmdutil.ExitOK {
		t.Errorf("sandbox exit %d", c)
	}
	if c, _, stderr := runCLI(t, "", "sandbox", "--addr", "0.0.0.0:0"); c != cmdutil.ExitUsage || !strings.Contains(stderr, "loopback") {
		t.Errorf("public address: exit %d, %q", c, stderr)
	}
	if c, _, stderr := runCLI(t, "", "sandbox", "approve", "CODE", "--addr", "example.com:80"); c != cmdutil.ExitUsage || !strings.Contains(stderr, "loopback") {
		t.Errorf("approve on a public address: exit %d, %q", c, stderr)
	}
}
