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

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
)

// TestSignalExit runs the CLI as a process (this test binary, re-executed
// as main; see TestMain), signals it while it waits for approval, and
// checks the exit status a shell expects: 130 for SIGINT, 143 for SIGTERM.
func TestSignalExit(t *testing.T) {
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			base := clitest.OAuthServer(t, nil, clitest.Refuse("authorization_pending"))
			cmd := exec.Command(os.Args[0], clitest.GitLabArgs(base)...)
			cmd.Env = append(os.Environ(), "DEVICECODE_TEST_MAIN=1")
			var stdout strings.Builder
			stderr := &clitest.SyncBuffer{}
			cmd.Stdout, cmd.Stderr = &stdout, stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			clitest.WaitFor(ctx, t, stderr, "Waiting for approval")
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

// TestSignalDuringRead: normalize reading a stdin that never ends does not
// watch the context; the process still exits 130 soon after Ctrl-C.
func TestSignalDuringRead(t *testing.T) {
	t.Parallel()
	// normalize says nothing while it reads, so the test cannot see when
	// it has installed its handler: it waits, and a process the signal
	// killed outright (it came before the handler, on a loaded machine)
	// is tried again with a longer wait.
	for wait := 500 * time.Millisecond; ; wait *= 2 {
		cmd := exec.Command(os.Args[0], "normalize", "--vendor", "gitlab")
		cmd.Env = append(os.Environ(), "DEVICECODE_TEST_MAIN=1")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait)
		start := time.Now()
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		took := time.Since(start)
		_ = stdin.Close()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && wait < 8*time.Second {
			t.Logf("killed by the signal before its handler was installed, %s after the start: again", wait)
			continue
		}
		if got := cmd.ProcessState.ExitCode(); got != 130 {
			t.Errorf("exit %d, want 130", got)
		}
		// The grace, and time for a race-instrumented process to exit on a
		// machine running every package's tests at once (3.3 s was seen
		// with a one-second margin); a process that kept reading would not
		// stop.
		if took > signalGrace+3*time.Second {
			t.Errorf("took %s to stop", took)
		}
		return
	}
}
