package interop

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// BinaryEnv names a prebuilt server binary; when set, Binary uses it and
// builds nothing (CI builds it once up front).
const BinaryEnv = "DEVICECODE_ZITADEL_OP"

// buildTimeout covers a cold module download as well as the build.
const buildTimeout = 5 * time.Minute

var build struct {
	once sync.Once
	path string
	err  error
}

// Binary returns the path of the server binary, building it at most once
// per test process. A build that cannot run (no go command, no module
// proxy) skips the test, or fails it under CI=true.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(BinaryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("interop: %s=%s: %v", BinaryEnv, p, err)
		}
		return p
	}
	build.once.Do(func() { build.path, build.err = buildBinary() })
	if build.err != nil {
		unavailable(t, "interop: cannot build the zitadel OP (set %s to a prebuilt binary): %v", BinaryEnv, build.err)
	}
	return build.path
}

func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// buildBinary builds into the user cache under a name derived from the
// server's sources, so a later test process reuses the binary without
// running the go command at all, and a source change builds a new one.
// It builds into a private directory and renames, so concurrent test
// processes never exec a half-written file.
func buildBinary() (string, error) {
	src, err := moduleDir()
	if err != nil {
		return "", err
	}
	sum, err := sourceHash(src)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "devicecode", "interop")
	out := filepath.Join(dir, "zitadel-op-"+sum)
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) //nolint:errcheck // best effort: a leftover lies in the cache directory
	if err := goBuild(src, filepath.Join(tmp, "zitadel-op")); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(tmp, "zitadel-op"), out); err != nil {
		return "", err
	}
	pruneOld(dir, out)
	return out, nil
}

// sourceHash digests every file of the server module (go.sum pins its
// dependencies) and the toolchain version.
func sourceHash(src string) (string, error) {
	h := sha256.New()
	h.Write([]byte(runtime.Version()))
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "\x00%s\x00%d\x00", filepath.ToSlash(path[len(src):]), len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
}

// pruneOld removes binaries of earlier sources; a server still running
// one keeps its inode.
func pruneOld(dir, keep string) {
	old, _ := filepath.Glob(filepath.Join(dir, "zitadel-op-*"))
	for _, p := range old {
		if p != keep {
			_ = os.Remove(p) // best effort, like the comment says
		}
	}
}

func goBuild(src, out string) error {
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-C", src, "-o", out, ".")
	// The nested module is built on its own, whatever go.work is around.
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build -C %s: %w\n%s", src, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return nil
}

// moduleDir finds interop/zitadel by walking up from the working
// directory, which go test sets to the package under test.
func moduleDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		cand := filepath.Join(dir, "interop", "zitadel")
		if _, err := os.Stat(filepath.Join(cand, "go.mod")); err == nil {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("interop/zitadel/go.mod not found above the working directory")
		}
		dir = parent
	}
}
