package browsertest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
)

// cli is the devicecode binary the tests run, built once per test binary
// (Main removes it).
var cli struct {
	once      sync.Once
	dir, path string
	err       error
}

// CLI is the path of a devicecode binary built from this tree: the CLI
// as a person runs it, in a process of its own.
func CLI(t testing.TB) string {
	t.Helper()
	cli.once.Do(func() {
		if cli.dir, cli.err = os.MkdirTemp("", "browsertest-cli-"); cli.err != nil { //nolint:usetesting // shared by the tests of the binary; Main removes it
			return
		}
		cli.path = filepath.Join(cli.dir, "devicecode")
		out, err := exec.CommandContext(t.Context(), "go", "build", "-o", cli.path, "github.com/devicecode/devicecode/cmd/devicecode").CombinedOutput() //nolint:gosec // G204: a fixed build of this tree
		if err != nil {
			cli.err = fmt.Errorf("go build of the CLI: %w\n%s", err, out)
		}
	})
	if cli.err != nil {
		t.Fatal(cli.err)
	}
	return cli.path
}

// Process is a running CLI command, its output collected.
type Process struct {
	cmd            *exec.Cmd
	stdout, stderr clitest.SyncBuffer
	done           chan struct{}
	exitCode       int
}

// Start runs the CLI at bin with args and the environment env adds to
// the test's, ended (Ctrl-C, then killed) when ctx or the test ends.
func Start(ctx context.Context, t testing.TB, bin string, env []string, args ...string) *Process {
	t.Helper()
	p := &Process{done: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, bin, args...) //nolint:gosec // G204: the CLI the test built, with the test's arguments
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	p.cmd.Cancel = func() error { return p.cmd.Process.Signal(os.Interrupt) }
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.done)
		err := p.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.exitCode = ee.ExitCode()
		} else if err != nil {
			p.exitCode = -1
		}
	}()
	t.Cleanup(func() {
		if p.cmd.Process.Signal(os.Interrupt) == nil {
			<-p.done
		}
	})
	return p
}

// exitWait bounds the wait for a CLI to exit once the person decided: a
// few of the sandbox's 5 s polling intervals.
const exitWait = 30 * time.Second

// Wait waits for the process to exit and returns its exit status and
// output; ctx and exitWait bound the wait.
func (p *Process) Wait(ctx context.Context, t testing.TB) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, exitWait)
	defer cancel()
	select {
	case <-p.done:
		return p.exitCode, p.stdout.String(), p.stderr.String()
	case <-ctx.Done():
		t.Fatalf("%s did not exit: %v; stderr so far:\n%s", strings.Join(p.cmd.Args, " "), context.Cause(ctx), p.stderr.String())
		return 0, "", ""
	}
}

// Stderr is what the process wrote on stderr so far.
func (p *Process) Stderr() string { return p.stderr.String() }

// UserCode waits until the login's prompt on stderr shows the user code,
// and returns it, as the person reads it off the terminal.
func (p *Process) UserCode(ctx context.Context, t testing.TB) string {
	t.Helper()
	for {
		if code, ok := clitest.ShownUserCode(p.stderr.String()); ok {
			return code
		}
		select {
		case <-p.done:
			t.Fatalf("the CLI exited %d before showing a code; stderr:\n%s", p.exitCode, p.stderr.String())
		case <-ctx.Done():
			t.Fatalf("no user code on the CLI's stderr: %v; stderr:\n%s", context.Cause(ctx), p.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// sandboxURL is the sandbox's root in its banner's first line.
var sandboxURL = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// StartSandbox runs `devicecode sandbox` on a free loopback port, as a
// person does in a terminal, and returns its root URL (the vendors' base
// URLs are below it: /gitlab, /microsoft, /cohesity, /veeam).
func StartSandbox(ctx context.Context, t testing.TB, bin string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, "sandbox", "--addr", "127.0.0.1:0")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr clitest.SyncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := sandboxURL.FindString(sc.Text()); u != "" {
				found <- u
				break
			}
		}
		_, _ = io.Copy(io.Discard, out) // the rest of the banner and whatever follows
	}()
	select {
	case u := <-found:
		return u
	case <-ctx.Done():
		t.Fatalf("devicecode sandbox printed no URL: %v; stderr:\n%s", context.Cause(ctx), stderr.String())
		return ""
	}
}
