package prompt

import (
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/golden"
	"github.com/devicecode/devicecode/normalize"
)

// TestRenderQR compares the half-block QR code with
// testdata/qr.golden (refresh with -update) and checks its shape:
// square modules, two rows per line, colours set and reset on every line.
func TestRenderQR(t *testing.T) {
	got, err := renderQR("https://gitlab.example.com/oauth/device?user_code=0A44L90H")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	width := -1
	for i, l := range lines {
		if !strings.HasPrefix(l, "\x1b[30;47m") || !strings.HasSuffix(l, "\x1b[0m") {
			t.Fatalf("line %d does not set and reset its colours: %q", i, l)
		}
		n := len([]rune(strings.TrimSuffix(strings.TrimPrefix(l, "\x1b[30;47m"), "\x1b[0m")))
		if width >= 0 && n != width {
			t.Fatalf("line %d is %d cells wide, want %d", i, n, width)
		}
		width = n
	}
	if want := (width + 1) / 2; len(lines) != want {
		t.Errorf("%d lines for %d modules, want %d", len(lines), width, want)
	}
	golden.Check(t, filepath.Join("testdata", "qr.golden"), []byte(got))
}

// testPrompt is a prompt whose code expires 5 minutes from the call: from
// the test's own start, not the package's load, which may be long before
// (waiting reads the wall clock; a test run late saw "in -5s").
func testPrompt() devicecode.Prompt {
	return devicecode.Prompt{Vendor: normalize.GitLab, UserCode: "0A44L90H",
		VerificationURI:         "https://gitlab.example.com/oauth/device",
		VerificationURIComplete: "https://gitlab.example.com/oauth/device?user_code=0A44L90H",
		ExpiresAt:               time.Now().Add(5 * time.Minute)}
}

// fakeTerminal is a status line on a terminal of the given width.
func fakeTerminal(w io.Writer, width int) *StatusLine {
	return NewStatusLine(&cmdutil.IOStreams{ErrOut: w, ErrWidth: func() (int, bool) { return width, width > 0 }})
}

// plain is a status line on w, which is no terminal.
func plain(w io.Writer) *StatusLine { return NewStatusLine(&cmdutil.IOStreams{ErrOut: w}) }

func TestShowPrompt(t *testing.T) {
	t.Run("terminal", func(t *testing.T) {
		var b clitest.SyncBuffer
		p := testPrompt()
		ui := fakeTerminal(&b, 80)
		Show(ui, p, time.Now())
		stop := Waiting(ui, p.ExpiresAt)
		stop()
		stop() // idempotent
		out := b.String()
		for _, want := range []string{"    0A44L90H\n", "\x1b[30;47m", "or scan this code or open the link below;\ncheck that the page shows the code above:\n",
			"\x1b[0m\n    " + p.VerificationURIComplete + "\n", "the code expires in ", ClearLine} {
			if !strings.Contains(out, want) {
				t.Errorf("terminal prompt lacks %q:\n%s", want, out)
			}
		}
		if !regexp.MustCompile(`\n\nThe code expires at \d\d:\d\d:\d\d \S+ \(in \d+m\d+s\)\.\n`).MatchString(out) {
			t.Errorf("terminal prompt lacks the expiry line:\n%s", out)
		}
		if !strings.HasSuffix(out, ClearLine) {
			t.Errorf("countdown line not cleared at the end: %q", out[len(out)-20:])
		}
	})
	t.Run("narrow terminal", func(t *testing.T) {
		var b clitest.SyncBuffer
		p := testPrompt()
		Show(fakeTerminal(&b, 30), p, time.Now())
		if out := b.String(); strings.Contains(out, "\x1b[30;47m") || !strings.Contains(out, "or open\n\n    "+p.VerificationURIComplete+"\n") {
			t.Errorf("a QR code wider than the terminal cannot be scanned; want the URI instead:\n%s", out)
		}
	})
	t.Run("plain", func(t *testing.T) {
		var b clitest.SyncBuffer
		p := testPrompt()
		ui := plain(&b)
		Show(ui, p, time.Now())
		Waiting(ui, p.ExpiresAt)()
		out := b.String()
		if strings.Contains(out, "\x1b") || strings.Contains(out, "\r") {
			t.Errorf("plain prompt has terminal control codes:\n%q", out)
		}
		if !regexp.MustCompile(`\n\nThe code expires at \d\d:\d\d:\d\d \S+ \(in \d+m\d+s\)\.\nWaiting for approval…\n$`).MatchString(out) {
			t.Errorf("plain prompt does not end with the expiry and waiting lines:\n%s", out)
		}
		for _, want := range []string{"    0A44L90H\n", "or open\n\n    " + p.VerificationURIComplete + "\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("plain prompt lacks %q:\n%s", want, out)
			}
		}
	})
}

// TestShowPromptEscapes: whatever slipped past normalize, no terminal
// control from the server reaches the screen.
func TestShowPromptEscapes(t *testing.T) {
	p := testPrompt()
	p.UserCode = "0A44\x1b]8;;https://evil.example\x07L90H"
	p.VerificationURI = "https://gitlab.example.com/\u202eoauth"
	p.VerificationURIComplete = ""
	var b clitest.SyncBuffer
	Show(plain(&b), p, time.Now())
	if out := b.String(); strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("prompt passes terminal controls through: %q", out)
	}
}

// TestShowPromptHostASCII: a URI on a host beyond ASCII (one the caller
// allowed) is shown with the host in ASCII, so a look-alike does not read
// as the name it imitates.
func TestShowPromptHostASCII(t *testing.T) {
	p := testPrompt()
	p.VerificationURI = "https://micrоsoft.com/devicelogin"
	p.VerificationURIComplete = "https://münchen.de/device?user_code=0A44L90H"
	var b clitest.SyncBuffer
	Show(plain(&b), p, time.Now())
	out := b.String()
	for _, want := range []string{"    https://xn--micrsoft-qbh.com/devicelogin\n", "    https://xn--mnchen-3ya.de/device?user_code=0A44L90H\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("prompt lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "micrоsoft") || strings.Contains(out, "münchen") {
		t.Errorf("prompt shows a host in Unicode:\n%s", out)
	}
}

func TestClockFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0:00", 59 * time.Second: "0:59", 15 * time.Minute: "15:00", 61 * time.Second: "1:01"} {
		if got := clockFormat(d); got != want {
			t.Errorf("clockFormat(%s) = %s, want %s", d, got, want)
		}
	}
}

// TestCountdownNoLeak: the countdown goroutine is gone once stop returns,
// so a flow that ends (approved, denied, canceled) leaves nothing behind.
func TestCountdownNoLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 20 {
		var b clitest.SyncBuffer
		stop := Waiting(fakeTerminal(&b, 80), time.Now().Add(time.Minute))
		stop()
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after 20 prompts, %d before: a countdown leaked", n, before)
	}
}

// TestShowPromptWraps: at 40 columns on a terminal the prose breaks at
// words, the URIs and the user code stay whole on their own lines; off a
// terminal the prompt is as TextPrompter writes it.
func TestShowPromptWraps(t *testing.T) {
	var b clitest.SyncBuffer
	scr := clitest.NewScreen(40)
	ui := fakeTerminal(clitest.WriterFunc(func(p []byte) (int, error) {
		_, _ = b.Write(p)
		return scr.Write(p)
	}), 40)
	p := testPrompt()
	p.ExpiresAt = time.Date(2026, 1, 1, 9, 5, 0, 0, time.UTC)
	now := p.ExpiresAt.Add(-5 * time.Minute)
	Show(ui, p, now)
	got := b.String()
	want := "To sign in to GitLab at\ngitlab.example.com, open\n\n    " + p.VerificationURI + "\n\nand enter the code\n\n    0A44L90H\n\n" +
		"or open\n\n    " + p.VerificationURIComplete + "\n\nand check that the page shows the code\nabove.\n\n" +
		"The code expires at 09:05:00 UTC (in\n5m0s).\n\n(A QR code of the link needs a terminal\n41 columns wide.)\n"
	if got != want {
		t.Errorf("40 columns:\n got %q\nwant %q", got, want)
	}
	for _, l := range scr.Lines() {
		if cmdutil.Columns(l) > 40 {
			t.Errorf("screen line %q is wider than 40 columns", l)
		}
	}

	var out clitest.SyncBuffer
	Show(plain(&out), p, now)
	want = "To sign in to GitLab at gitlab.example.com, open\n\n    " + p.VerificationURI + "\n\nand enter the code\n\n    0A44L90H\n\n" +
		"or open\n\n    " + p.VerificationURIComplete + "\n\nand check that the page shows the code above.\n\n" +
		"The code expires at 09:05:00 UTC (in 5m0s).\n"
	if out.String() != want {
		t.Errorf("no terminal:\n got %q\nwant %q", out.String(), want)
	}
}
