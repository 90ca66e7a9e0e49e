//go:build unix

package sandbox

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
)

// TestPastedCommands runs the sandbox as the README does (go run
// ./cmd/devicecode sandbox, in the repository's root), and pastes each
// command it prints, exactly as printed, into sh -c in that directory:
// each vendor's login, and the approve line with the user code the
// login's prompt shows in place of CODE. Every login must exit 0, over
// http on a port the system picked (so that --addr is printed) and over
// --tls with the CA at its default path. No binary is built for the test:
// what it pastes is what a person who followed the README pastes, the
// go run lines included (Go caches what go run links, so each costs a
// second once the first has built the CLI).
func TestPastedCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run: several seconds")
	}
	root := repoRoot(t)
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "tls"}[tls], func(t *testing.T) {
			t.Parallel()
			// On Linux the CA goes to the default path, below a cache of
			// the test's own (XDG_CACHE_HOME); the go command keeps its
			// build cache. Elsewhere the user's cache is not the test's
			// to set: --write-ca.
			cache := t.TempDir()
			env := append(os.Environ(), "XDG_CACHE_HOME="+cache, "GOCACHE="+strings.TrimSpace(string(gocache)))
			args := []string{"run", "./cmd/devicecode", "sandbox", "--addr", "127.0.0.1:0"}
			switch {
			case tls && runtime.GOOS == "linux":
				args = append(args, "--tls")
			case tls:
				args = append(args, "--tls", "--write-ca", filepath.Join(cache, "ca.pem"))
			}
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			sandbox := group(ctx, root, env, "go", args...)
			log := &clitest.SyncBuffer{}
			sandbox.Stderr = log
			out, err := sandbox.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := sandbox.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = sandbox.Cancel(); _ = sandbox.Wait() }()
			logins, approve := readBanner(t, out)
			var wg sync.WaitGroup
			for vendor, login := range logins {
				wg.Go(func() { pasteLogin(ctx, t, root, env, vendor, login, approve, log) })
			}
			wg.Wait()
		})
	}
}

// pasteLogin pastes login, then approve with the code login shows, and
// checks that login exits 0 and that the sandbox logged its token.
func pasteLogin(ctx context.Context, t *testing.T, root string, env []string, vendor, login, approve string, log *clitest.SyncBuffer) {
	cmd := group(ctx, root, env, "sh", "-c", login)
	stderr := &clitest.SyncBuffer{}
	cmd.Stdout, cmd.Stderr = io.Discard, stderr
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	code, err := userCode(ctx, stderr, exited)
	if err == nil {
		decide := strings.Replace(approve, "CODE", code, 1)
		if out, derr := group(ctx, root, env, "sh", "-c", decide).CombinedOutput(); derr != nil {
			t.Errorf("%s: %s: %v\n%s", vendor, decide, derr, out)
			_ = cmd.Cancel() // the login would wait for its code to expire
		}
		err = <-exited
	}
	if err != nil {
		t.Errorf("%s: %s: %v\n%s", vendor, login, err, stderr)
		return
	}
	clitest.WaitFor(ctx, t, log, code+" token issued")
}

// userCode is the user code the login's prompt shows on stderr; an error
// when the login ends first (exited) or ctx does.
func userCode(ctx context.Context, stderr fmt.Stringer, exited chan error) (string, error) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if code, ok := clitest.ShownUserCode(stderr.String()); ok {
			return code, nil
		}
		select {
		case err := <-exited:
			return "", fmt.Errorf("exited before showing a code: %v", err)
		case <-ctx.Done():
			return "", fmt.Errorf("no user code: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

var vendorHeading = regexp.MustCompile(`^(gitlab|microsoft|cohesity|veeam) +\S+$`)

// readBanner reads the sandbox's banner up to its approve command and
// returns each vendor's login command and the approve command, each as
// its lines were printed (indented, with their continuation lines).
func readBanner(t *testing.T, out io.Reader) (logins map[string]string, approve string) {
	t.Helper()
	logins = map[string]string{}
	var banner, block []string
	owner := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		banner = append(banner, line)
		switch {
		case strings.HasPrefix(line, "  ") && owner != "":
			block = append(block, line)
			if strings.HasSuffix(line, `\`) {
				continue
			}
			if owner == "approve" {
				return logins, strings.Join(block, "\n")
			}
			logins[owner], owner, block = strings.Join(block, "\n"), "", nil
		case vendorHeading.MatchString(line):
			owner = strings.Fields(line)[0]
		case strings.HasPrefix(line, "Then approve on the page"):
			owner = "approve"
		}
	}
	t.Fatalf("no approve command in the banner:\n%s", strings.Join(banner, "\n"))
	return nil, ""
}

// group is a command in its own process group, which ending ctx
// interrupts whole: sh, go run and the program it runs.
func group(ctx context.Context, dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// repoRoot is the directory holding go.work, where the README runs the CLI.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.work above the test's directory")
		}
		dir = parent
	}
}
