package sandbox

import (
	"bytes"
	"log/slog"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/devicetest"
)

// TestShellCmdLines: a command broken to fit a width is the same command
// to a shell — the same words — and no line is wider than the width but
// for one word that cannot be broken.
func TestShellCmdLines(t *testing.T) {
	c := shellCmd{env("SSL_CERT_FILE", "/a b"), words("go", "run", "./cmd/devicecode", "login", "microsoft"),
		words("--authority-host", "https://127.0.0.1:41234/microsoft"), words("--client-id", "it's"), words("--scope", "User.Read")}
	want := sayWords(t, strings.Join(c.lines(0, 1000), "\n"))
	for _, cols := range []int{24, 40, 80, 120} {
		lines := c.lines(2, cols)
		for _, l := range lines {
			if cmdutil.Columns(l) > cols && len(strings.Fields(strings.TrimSuffix(l, `\`))) > 1 {
				t.Errorf("%d columns: %q is wider and could break", cols, l)
			}
		}
		if got := sayWords(t, strings.Join(lines, "\n")); got != want {
			t.Errorf("%d columns: the shell reads\n%s\nwant\n%s", cols, got, want)
		}
	}
	if n := len(c.lines(2, 120)); n != 2 {
		t.Errorf("120 columns: %d lines, want 2:\n%s", n, strings.Join(c.lines(2, 120), "\n"))
	}
}

// sayWords is what sh makes of line: its environment variable and words,
// one a line.
func sayWords(t *testing.T, line string) string {
	t.Helper()
	script := `go() { echo "$SSL_CERT_FILE"; printf "%s\n" "$@"; }` + "\n" + line
	out, err := exec.Command("sh", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return string(out)
}

// TestBannerFits: the banner's lines fit the width; only a word that
// cannot be broken (a URL, the CA's path) may be wider.
func TestBannerFits(t *testing.T) {
	sb, err := devicetest.NewSandboxTLS("127.0.0.1:0", devicetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, cols := range []int{40, 80, 120} {
		var out bytes.Buffer
		b := banner{sb: sb, cli: []string{"go", "run", "./cmd/devicecode"}, caFile: "/home/u/.cache/devicecode/sandbox-1-ca.pem", cols: cols}
		if err := b.write(&out); err != nil {
			t.Fatal(err)
		}
		for l := range strings.Lines(out.String()) {
			l = strings.TrimSuffix(l, "\n")
			if cmdutil.Columns(l) > cols && len(strings.Fields(strings.TrimSuffix(l, `\`))) > 1 {
				t.Errorf("%d columns: %q is wider and could break", cols, l)
			}
		}
	}
}

// TestGoRunBuild: go run's executables are in its work directory or its
// build cache; an installed binary is not.
func TestGoRunBuild(t *testing.T) {
	for exe, want := range map[string]bool{
		"/tmp/go-build430407705/b001/exe/devicecode":   true,
		"/home/u/.cache/go-build/4e/4e67-d/devicecode": true,
		"/srv/cache/4e/4e67-d/devicecode":              true, // GOCACHE=/srv/cache
		"/home/u/go/bin/devicecode":                    false,
		"/home/u/src/devicecode/devicecode":            false,
		"/srv/cachex/devicecode":                       false,
		"/opt/go-builder-notes/devicecode":             true, // a go-build… directory: taken for go run's
	} {
		if got := goRunBuild(exe, "/srv/cache"); got != want {
			t.Errorf("goRunBuild(%s) = %v, want %v", exe, got, want)
		}
	}
}

// TestProgressHandler: one line per step, in the person's words, and what
// a client sent (a client id, a scope) cannot drive the terminal.
func TestProgressHandler(t *testing.T) {
	var out bytes.Buffer
	l := slog.New(newProgressHandler(&out))
	at := time.Date(2026, 12, 6, 12, 6, 2, 0, time.UTC)
	l.Info(devicetest.LogIssued, "vendor", "gitlab", "user_code", "WDJB-MJHT", "expires", at,
		"client_id", "app\x1b]8;;https://evil.example\x07", "scope", "read_user")
	l.Info(devicetest.LogPolled, "vendor", "gitlab", "user_code", "WDJB-MJHT", "answer", "pending", "poll", 3)
	l.Info(devicetest.LogDecided, "vendor", "microsoft", "user_code", "ABCD-EFGH", "decision", "denied", "by", "Person")
	l.Info(devicetest.LogToken, "vendor", "veeam", "user_code", "0A1B2C3D4", "poll", 2)
	l.Info(devicetest.LogPolled, "vendor", "gitlab", "answer", "unknown")
	got := out.String()
	for _, want := range []string{
		" gitlab    WDJB-MJHT issued, expires 12:06:02 UTC, client app",
		" gitlab    WDJB-MJHT polled: pending (poll 3)\n",
		" microsoft ABCD-EFGH denied by Person\n",
		" veeam     0A1B2C3D4 token issued (poll 2)\n",
		" gitlab    polled: unknown\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07") || strings.Count(got, "\n") != 5 {
		t.Errorf("a control character reached the terminal, or a step is not one line:\n%q", got)
	}
}
