//go:build unix

package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalExit runs the CLI as a process (this test binary, re-executed
// as main; see TestMain), signals it while it waits for approval, and
// checks the exit status a shell expects: 130 for SIGINT, 143 for SIGTERM.
func TestSignalExit(t *testing.T) {
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			base := fakeVendor(t, nil, refuse("authorization_pending"))
			cmd := exec.Command(os.Args[0], gitlabArgs(base)...)
			cmd.Env = append(os.Environ(), "DEVICECODE_TEST_MAIN=1")
			var stdout strings.Builder
			stderr := &syncBuffer{}
			cmd.Stdout, cmd.Stderr = &stdout, stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			waitFor(ctx, t, stderr, "Waiting for approval")
			start := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			if got := cmd.ProcessState.ExitCode(); got != want {
				t.Errorf("exit %d after %s, want %d; stderr:\n%s", got, sig, want, stderr.String())
			}
			if d := time.Since(start); d > signalGrace {
				t.Errorf("took %s to stop", d)
			}
			if stdout.Len() != 0 || strings.Contains(stderr.String(), "devicecode: ") {
				t.Errorf("an interrupted sign-in prints no result and no error; stdout %q, stderr:\n%s", stdout.String(), stderr.String())
			}
		})
	}
}

// TestInterruptClearsCountdown: a sign-in interrupted on a terminal exits
// 130 with the countdown line cleared, in-process.
func TestInterruptClearsCountdown(t *testing.T) {
	t.Parallel()
	base := fakeVendor(t, nil, refuse("authorization_pending"))
	limit, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	ctx, cancel := context.WithCancelCause(limit)
	scr, stream := newScreen(40), &syncBuffer{}
	go func() {
		waitFor(limit, t, stream, "expires in")
		cancel(signalError{sig: syscall.SIGINT})
	}()
	code := run(ctx, gitlabArgs(base), stdio{in: strings.NewReader(""), out: &syncBuffer{},
		err:      writerFunc(func(p []byte) (int, error) { _, _ = stream.Write(p); return scr.Write(p) }),
		errWidth: func() (int, bool) { return 40, true }})
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if !strings.HasSuffix(stream.String(), clearLine) {
		t.Errorf("stderr does not end by clearing the countdown: %q", stream.String())
	}
	screenShows(t, scr, map[string]int{"expires in": 0})
}

// waitFor waits until b contains s.
func waitFor(ctx context.Context, t *testing.T, b *syncBuffer, s string) {
	for !strings.Contains(b.String(), s) {
		if ctx.Err() != nil {
			t.Errorf("no %q on stderr:\n%s", s, b.String())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSignalDuringRead: normalize reading a stdin that never ends does not
// watch the context; the process still exits 130 soon after Ctrl-C.
func TestSignalDuringRead(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "normalize", "--vendor", "gitlab")
	cmd.Env = append(os.Environ(), "DEVICECODE_TEST_MAIN=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// normalize says nothing while it reads: give it time to start, install
	// its handler and block in read.
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if got := cmd.ProcessState.ExitCode(); got != 130 {
		t.Errorf("exit %d, want 130", got)
	}
	if d := time.Since(start); d > signalGrace+time.Second {
		t.Errorf("took %s to stop", d)
	}
}
