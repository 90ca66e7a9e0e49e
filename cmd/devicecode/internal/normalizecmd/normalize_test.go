package normalizecmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/golden"
	"github.com/devicecode/devicecode/normalize"
)

const normalizeNow = "2025-01-02T03:04:05Z"

// TestNormalizeCLI runs `devicecode normalize` in-process and compares exit
// status, stdout and stderr with testdata/<name>.golden. Refresh
// with: go test ./cmd/devicecode/internal/normalizecmd -run TestNormalizeCLI -update
func TestNormalizeCLI(t *testing.T) {
	tests := []struct {
		name   string
		vendor string
		exit   int
		field  string // for rejections: the field stderr must name
	}{
		{"gitlab", "gitlab", cmdutil.ExitOK, ""},
		{"microsoft-v2", "microsoft", cmdutil.ExitOK, ""},
		{"microsoft-v1", "microsoft", cmdutil.ExitOK, ""},
		{"cohesity-camel", "cohesity", cmdutil.ExitOK, ""},
		{"cohesity-snake", "cohesity", cmdutil.ExitOK, ""},
		{"veeam", "veeam", cmdutil.ExitOK, ""},
		{"veeam-info", "veeam", cmdutil.ExitOK, ""},
		{"missing-user-code", "gitlab", cmdutil.ExitError, "/user_code"},
		{"javascript-uri", "gitlab", cmdutil.ExitError, "/verification_uri"},
		{"http-evil", "gitlab", cmdutil.ExitError, "/verification_uri"},
		{"expires-negative", "gitlab", cmdutil.ExitError, "/expires_in"},
		{"expires-abc", "gitlab", cmdutil.ExitError, "/expires_in"},
		{"microsoft-v1-expires-abc", "microsoft", cmdutil.ExitError, "/expires_in"},
		{"escape-user-code", "gitlab", cmdutil.ExitError, "/user_code"},
		{"everything-wrong", "gitlab", cmdutil.ExitError, "/device_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join("testdata", tt.name+".json")
			code, stdout, stderr := normalizeRun(t, "", "normalize", "--vendor", tt.vendor, "--now", normalizeNow, file)
			if code != tt.exit {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.exit, stderr)
			}
			if tt.field != "" && !strings.Contains(stderr, tt.vendor+": "+tt.field+": ") {
				t.Errorf("stderr does not name %s %s:\n%s", tt.vendor, tt.field, stderr)
			}
			normalizeNoCrash(t, stderr)
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"),
				fmt.Appendf(nil, "exit %d\n--- stdout\n%s--- stderr\n%s", code, stdout, stderr))
		})
	}
}

func TestNormalizeCLIStdin(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "veeam.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"normalize", "--vendor", "veeam", "--now", normalizeNow},
		{"normalize", "--vendor", "veeam", "--now", normalizeNow, "-"},
	} {
		code, stdout, stderr := normalizeRun(t, string(body), args...)
		if code != cmdutil.ExitOK || !strings.Contains(stdout, `"user_code": "RW6XK2PQT"`) {
			t.Errorf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
}

func TestNormalizeCLITooLarge(t *testing.T) {
	body := `{"device_code":"x","pad":"` + strings.Repeat("A", 2<<20) + `"}`
	code, stdout, stderr := normalizeRun(t, body, "normalize", "--vendor", "gitlab", "-")
	if code != cmdutil.ExitError || stdout != "" || !strings.Contains(stderr, "1 MiB") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "AAAA") {
		t.Error("stderr echoes the body")
	}
}

func TestNormalizeCLIUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no vendor":      {"normalize", "x.json"},
		"unknown vendor": {"normalize", "--vendor", "okta", "x.json"},
		"bad now":        {"normalize", "--vendor", "gitlab", "--now", "yesterday"},
		"two files":      {"normalize", "--vendor", "gitlab", "a.json", "b.json"},
		"unknown flag":   {"normalize", "--vendor", "gitlab", "--pretty"},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := normalizeRun(t, "", args...)
			if code != cmdutil.ExitUsage || stdout != "" || !strings.HasPrefix(stderr, "devicecode normalize: ") {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
			}
			clitest.CheckUsageLine(t, stderr)
		})
	}
}

func TestNormalizeCLIMissingFile(t *testing.T) {
	code, _, stderr := normalizeRun(t, "", "normalize", "--vendor", "gitlab", filepath.Join(t.TempDir(), "absent.json"))
	if code != cmdutil.ExitError || !strings.Contains(stderr, "absent.json") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestNormalizeCLIFlagsAfterFile(t *testing.T) {
	file := filepath.Join("testdata", "gitlab.json")
	code, _, stderr := normalizeRun(t, "", "normalize", file, "--vendor", "gitlab")
	if code != cmdutil.ExitOK {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func normalizeRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f := clitest.Factory(stdin)
	return clitest.Run(t, f, NewCmd(f), args...)
}

func normalizeNoCrash(t *testing.T, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Errorf("stderr looks like a crash:\n%s", stderr)
	}
}

// endlessBody stands in for a huge or never-ending stdin: `{"pad":"AAAA…`
// for up to 64 MiB, counting what was read.
type endlessBody struct{ read, limit int }

func (e *endlessBody) Read(p []byte) (int, error) {
	if e.read >= e.limit {
		return 0, io.EOF
	}
	n := min(len(p), e.limit-e.read)
	for i := range p[:n] {
		p[i] = 'A'
		if e.read+i < len(`{"pad":"`) {
			p[i] = `{"pad":"`[e.read+i]
		}
	}
	e.read += n
	return n, nil
}

// TestNormalizeCLIStopsReading: stdin over 1 MiB is refused after reading
// just past the limit, not slurped whole into memory.
func TestNormalizeCLIStopsReading(t *testing.T) {
	in := &endlessBody{limit: 64 << 20}
	var out, errOut bytes.Buffer
	f := clitest.Factory("")
	f.IO.In, f.IO.Out, f.IO.ErrOut = in, &out, &errOut
	code := clitest.Exec(context.Background(), f, NewCmd(f), "normalize", "--vendor", "gitlab")
	if code != cmdutil.ExitError || out.Len() != 0 || !strings.Contains(errOut.String(), "1 MiB") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out.String(), errOut.String())
	}
	// Only the first MaxBodyBytes+1 bytes were read: a size quoted from
	// those would be wrong.
	if strings.Contains(errOut.String(), "1048577") {
		t.Errorf("stderr quotes the truncated size as the input's:\n%s", errOut.String())
	}
	if in.read > normalize.MaxBodyBytes+1 {
		t.Errorf("read %d bytes of stdin; must stop after %d", in.read, normalize.MaxBodyBytes+1)
	}
}
