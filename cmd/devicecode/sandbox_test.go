package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSandboxSignIn is the README's try-out: `devicecode sandbox`, then
// `devicecode login gitlab` against the URL it printed, then `devicecode
// sandbox approve CODE` — three commands, as a person runs them.
func TestSandboxSignIn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sbCtx, stop := context.WithCancel(ctx)
	sbOut := &syncBuffer{}
	sbExit := make(chan int, 1)
	go func() {
		sbExit <- run(sbCtx, []string{"sandbox", "--addr", "127.0.0.1:0"}, stdio{out: sbOut, err: &syncBuffer{}})
	}()
	base := waitForMatch(ctx, t, sbOut, regexp.MustCompile(`gitlab +(http://127\.0\.0\.1:\d+/gitlab)`))
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/gitlab")

	loginErr, loginOut := &syncBuffer{}, &syncBuffer{}
	loginExit := make(chan int, 1)
	go func() {
		loginExit <- run(ctx, []string{"login", "gitlab", "--base-url", base, "--client-id", "any"}, stdio{out: loginOut, err: loginErr})
	}()
	code := waitForUserCode(ctx, t, loginErr)
	if c, out, stderr := runCLI(t, "", "sandbox", "approve", code, "--addr", addr); c != exitOK || out != "approved "+code+"\n" {
		t.Fatalf("approve: exit %d, %q, %q", c, out, stderr)
	}
	if c := <-loginExit; c != exitOK || !strings.Contains(loginOut.String(), "signed in to gitlab") {
		t.Fatalf("login: exit %d\n%s\n%s", c, loginOut.String(), loginErr.String())
	}
	if c, _, stderr := runCLI(t, "", "sandbox", "deny", "NOPE-NOPE", "--addr", addr); c != exitError || !strings.Contains(stderr, "no pending sign-in") {
		t.Errorf("deny unknown: exit %d, %q", c, stderr)
	}
	stop()
	if c := <-sbExit; c != exitOK {
		t.Errorf("sandbox exit %d", c)
	}
	if c, _, stderr := runCLI(t, "", "sandbox", "--addr", "0.0.0.0:0"); c != exitUsage || !strings.Contains(stderr, "loopback") {
		t.Errorf("public address: exit %d, %q", c, stderr)
	}
	if c, _, stderr := runCLI(t, "", "sandbox", "approve", "CODE", "--addr", "example.com:80"); c != exitUsage || !strings.Contains(stderr, "loopback") {
		t.Errorf("approve on a public address: exit %d, %q", c, stderr)
	}
}

// waitForMatch polls b until re matches, returning the first group.
func waitForMatch(ctx context.Context, t *testing.T, b *syncBuffer, re *regexp.Regexp) string {
	t.Helper()
	for ctx.Err() == nil {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no match for %s in:\n%s", re, b.String())
	return ""
}
