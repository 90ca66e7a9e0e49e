package main

import (
	"context"
	"net"
	"regexp"
	"runtime"
	"strings"
	"syscall"
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

// TestSandboxAddr: a port in use is a runtime failure (exit 1, one line
// naming the address and the OS's reason); only a malformed or public
// --addr is the command line's (exit 2).
func TestSandboxAddr(t *testing.T) {
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	code, _, stderr := runCLI(t, "", "sandbox", "--addr", busy)
	if want := "devicecode: sandbox cannot listen on " + busy + ": "; code != exitError ||
		!strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "--help") {
		t.Errorf("port in use: exit %d, %q; want exit 1 and one line starting %q", code, stderr, want)
	}
	if runtime.GOOS != "windows" && !strings.Contains(stderr, syscall.EADDRINUSE.Error()) {
		t.Errorf("port in use: %q does not give the OS's reason", stderr) // Windows words it as WSAEADDRINUSE
	}
	for _, addr := range []string{"127.0.0.1", "127.0.0.1:port", "127.0.0.1:65536", "localhost:http", "0.0.0.0:0", "example.com:80", ":0"} {
		if code, _, stderr := runCLI(t, "", "sandbox", "--addr", addr); code != exitUsage || !strings.Contains(stderr, "loopback HOST:PORT") {
			t.Errorf("--addr %s: exit %d, %q; want a usage error", addr, code, stderr)
		}
	}
}
