//go:build unix

package conform

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// A FIFO named *.json among the captures or specs, found by a walk or
// named on the command line, never blocks conform: a walk skips it with
// a note on stderr, a named one is refused. Each run is guarded: a conform
// that blocks fails the test instead of hanging it.
func TestConformFIFO(t *testing.T) {
	dir := t.TempDir()
	captures := filepath.Join(dir, "gitlab")
	fifo := filepath.Join(captures, "pipe.json")
	mkdir(t, captures)
	writeFile(t, filepath.Join(captures, "device.json"), `{"device_code":"dc","user_code":"WDJB-MJHT",`+
		`"verification_uri":"https://gitlab.devicecode.test/oauth/device","expires_in":300,"interval":5}`)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("pipe.json", filepath.Join(captures, "link.json")); err != nil {
		t.Fatal(err)
	}

	t.Run("walked", func(t *testing.T) {
		code, stdout, stderr := guardedCLI(t, fifo, "conform", dir)
		for _, skipped := range []string{fifo, filepath.Join(captures, "link.json")} {
			if !strings.Contains(stderr, "devicecode conform: skipping "+skipped+": is a named pipe, not a regular file\n") {
				t.Errorf("no note on %s; stderr:\n%s", skipped, stderr)
			}
		}
		if code != cmdutil.ExitOK || !strings.HasSuffix(stdout, "conform: 1 passed, 0 failed\n") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
	})
	t.Run("named", func(t *testing.T) {
		code, stdout, _ := guardedCLI(t, fifo, "conform", fifo)
		if want := "FAIL " + fifo + ": gitlab: is a named pipe, not a regular file\n"; code != cmdutil.ExitError || !strings.Contains(stdout, want) {
			t.Errorf("exit %d, stdout:\n%s\nwant %q", code, stdout, want)
		}
	})
}

func TestConformSpecsFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe-schema.json")
	writeFile(t, filepath.Join(dir, "ok-schema.json"), `{"type":"string","examples":["a"]}`)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("walked", func(t *testing.T) {
		code, stdout, stderr := guardedCLI(t, fifo, "conform", "--specs", dir)
		if want := "devicecode conform: skipping " + fifo + ": is a named pipe, not a regular file\n"; !strings.Contains(stderr, want) {
			t.Errorf("stderr %q, want %q", stderr, want)
		}
		if code != cmdutil.ExitOK || !strings.Contains(stdout, "1 passed") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
	})
	t.Run("named", func(t *testing.T) {
		code, stdout, _ := guardedCLI(t, fifo, "conform", "--specs", fifo)
		if want := "FAIL " + fifo + ": is a named pipe, not a regular file\n"; code != cmdutil.ExitError || !strings.Contains(stdout, want) {
			t.Errorf("exit %d, stdout:\n%s\nwant %q", code, stdout, want)
		}
	})
}

// guardedCLI is runCLI failing the test if it has not returned within
// 10 seconds; it then opens fifo's writing end, which releases a reader
// blocked on it, so the test ends rather than hangs.
func guardedCLI(t *testing.T, fifo string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := runCLI(t, "", args...)
		done <- result{code, stdout, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(10 * time.Second):
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			_ = w.Close()
		}
		t.Fatalf("%s blocked on the FIFO %s", strings.Join(args, " "), fifo)
		return 0, "", ""
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}
