package sandbox

import (
	"context"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

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
	if want := "devicecode: sandbox cannot listen on " + busy + ": "; code != cmdutil.ExitError ||
		!strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "--help") {
		t.Errorf("port in use: exit %d, %q; want exit 1 and one line starting %q", code, stderr, want)
	}
	if runtime.GOOS != "windows" && !strings.Contains(stderr, syscall.EADDRINUSE.Error()) {
		t.Errorf("port in use: %q does not give the OS's reason", stderr) // Windows words it as WSAEADDRINUSE
	}
	if code, _, stderr := runCLI(t, "", "sandbox", "--addr", "127.0.0.1:0", "--write-ca", "ca.pem"); code != cmdutil.ExitUsage || !strings.Contains(stderr, "--write-ca goes with --tls") {
		t.Errorf("--write-ca without --tls: exit %d, %q; want a usage error", code, stderr)
	}
	// --ca-file is the logins' flag for a CA to trust (read); the sandbox
	// writes its CA, under another name.
	if code, _, stderr := runCLI(t, "", "sandbox", "--addr", "127.0.0.1:0", "--ca-file", "ca.pem"); code != cmdutil.ExitUsage || !strings.Contains(stderr, "unknown flag: --ca-file") {
		t.Errorf("sandbox --ca-file: exit %d, %q; want the unknown flag refused", code, stderr)
	}
	for _, addr := range []string{"127.0.0.1", "127.0.0.1:port", "127.0.0.1:65536", "localhost:http", "0.0.0.0:0", "example.com:80", ":0"} {
		if code, _, stderr := runCLI(t, "", "sandbox", "--addr", addr); code != cmdutil.ExitUsage || !strings.Contains(stderr, "loopback HOST:PORT") {
			t.Errorf("--addr %s: exit %d, %q; want a usage error", addr, code, stderr)
		}
	}
}

// TestWriteCA: `sandbox --tls --write-ca PATH` writes the CA's PEM
// certificate to PATH, the one the banner prints.
func TestWriteCA(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "ca.pem")
	f := clitest.Factory("")
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- clitest.Exec(ctx, f, NewCmd(f), "sandbox", "--addr", "127.0.0.1:0", "--tls", "--write-ca", path)
	}()
	stdout, stderr := f.IO.Out.(*clitest.SyncBuffer), f.IO.ErrOut.(*clitest.SyncBuffer)
	for !strings.Contains(stdout.String(), path) {
		select {
		case code := <-done:
			t.Fatalf("exit %d before printing %s: stdout %q, stderr %q", code, path, stdout, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if code := <-done; code != cmdutil.ExitOK {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("--write-ca %s: %v", path, err)
	}
	if block, _ := pem.Decode(data); block == nil || block.Type != "CERTIFICATE" {
		t.Errorf("%s holds %q, want a PEM certificate", path, data)
	}
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, NewCmd(f), args...)
}

// TestDecideTLS: approve on a --tls sandbox without --tls, or without
// its CA trusted, says what to add. (With both it succeeds:
// TestPastedCommands; the system's roots load once a process.)
func TestDecideTLS(t *testing.T) {
	sb, err := devicetest.NewSandboxTLS("127.0.0.1:0", devicetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	addr := strings.TrimPrefix(sb.URL, "https://")
	if code, _, stderr := runCLI(t, "", "sandbox", "approve", "--addr", addr, "NOPE-NOPE"); code != cmdutil.ExitError || !strings.Contains(stderr, "add --tls") {
		t.Errorf("plain http: exit %d, %q; want a hint to add --tls", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "sandbox", "approve", "--addr", addr, "--tls", "NOPE-NOPE"); code != cmdutil.ExitError || !strings.Contains(stderr, "SSL_CERT_FILE") {
		t.Errorf("untrusted CA: exit %d, %q; want a hint to set SSL_CERT_FILE", code, stderr)
	}
}

// TestDecideNoSandbox: approve where no sandbox listens says so and what
// to do, not only Go's "Post …: dial tcp …: connection refused".
func TestDecideNoSandbox(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // a port nothing listens on now
	code, _, stderr := runCLI(t, "", "sandbox", "approve", "--addr", addr, "WDJB-MJHT")
	if code != cmdutil.ExitError || !strings.Contains(stderr, "no sandbox answers at "+addr+" (") || !strings.Contains(stderr, "start the sandbox first") {
		t.Errorf("exit %d, %q; want no sandbox at %s and what to do", code, stderr, addr)
	}
	if strings.Count(stderr, "\n") != 1 {
		t.Errorf("not one line:\n%s", stderr)
	}
}
