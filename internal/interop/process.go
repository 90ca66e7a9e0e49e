package interop

import (
	"bytes"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// readyTimeout bounds the wait for the LISTEN line; the server generates
// an RSA key first, which takes well under a second.
const readyTimeout = 15 * time.Second

// startProcess runs bin and returns the base URL from its LISTEN line.
// The server exits when its stdin closes, so it dies with the test
// process even if cleanup never runs.
func startProcess(t testing.TB, bin string, args []string) string {
	t.Helper()
	cmd := exec.Command(bin, args...) //nolint:noctx // it lives until stop (SIGTERM, then kill), not a context
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatalf("interop: %v", err)
	}
	out := &output{listen: make(chan string, 1)}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("interop: start %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { stop(t, cmd, stdin.Close, exited, out) })

	select {
	case base := <-out.listen:
		return base
	case err := <-exited:
		t.Fatalf("interop: server exited before it listened: %v\n%s", err, out.String())
	case <-time.After(readyTimeout):
		t.Fatalf("interop: no LISTEN line within %v\n%s", readyTimeout, out.String())
	}
	return ""
}

// stop closes stdin and sends SIGTERM, kills after a grace period, and
// shows the server's log when the test failed.
func stop(t testing.TB, cmd *exec.Cmd, closeStdin func() error, exited <-chan error, out *output) {
	// Best effort throughout: the server may have gone already, and its
	// exit status is not the test's outcome.
	_ = closeStdin()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited: //nolint:errcheck // see above
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-exited //nolint:errcheck // see above
	}
	if t.Failed() {
		t.Logf("interop server log:\n%s", out.String())
	}
}

// output collects the server's stdout and stderr and reports the first
// "LISTEN <url>" line.
type output struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	seen   int // bytes of buf already scanned for whole lines
	sent   bool
	listen chan string
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	for !o.sent {
		rest := o.buf.Bytes()[o.seen:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		o.seen += i + 1
		if url, ok := strings.CutPrefix(string(rest[:i]), "LISTEN "); ok {
			o.listen <- strings.TrimSpace(url)
			o.sent = true
		}
	}
	return len(p), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}
