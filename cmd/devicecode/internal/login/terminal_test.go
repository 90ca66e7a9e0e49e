package login

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/prompt"
)

// TestLoginTerminal signs in on a 40-column terminal with a retried poll:
// the status line is never wider than 39 columns, the retry note is shown
// once above it, and nothing of the countdown is left on screen.
func TestLoginTerminal(t *testing.T) {
	t.Parallel()
	base := clitest.OAuthServer(t, nil, clitest.Sequence(clitest.BadGateway, clitest.Grant(nil)))
	scr, stream := clitest.NewScreen(40), &clitest.SyncBuffer{}
	code, stdout := runOnTerminal(t, scr, stream, clitest.GitLabArgs(base)...)
	if code != cmdutil.ExitOK || !strings.Contains(stdout, "signed in to gitlab") {
		t.Fatalf("exit %d, stdout %q, screen:\n%s", code, stdout, strings.Join(scr.Lines(), "\n"))
	}
	checkStatusWidth(t, stream.String(), 40)
	// The note wraps (it is 43 columns) but is printed once, as a line.
	screenShows(t, scr, map[string]int{"expires in": 0, "Waiting": 0, "token endpoint answered 502, retrying": 1,
		"WDJB-MJHT": 2, "█": 0})
}

// TestLoginTimeout: --timeout ends the wait with exit 1 and says so, after
// clearing the countdown.
func TestLoginTimeout(t *testing.T) {
	t.Parallel()
	base := clitest.OAuthServer(t, nil, clitest.Refuse("authorization_pending"))
	scr, stream := clitest.NewScreen(120), &clitest.SyncBuffer{}
	start := time.Now()
	code, stdout := runOnTerminal(t, scr, stream, clitest.GitLabArgs(base, "--timeout", "1500ms")...)
	if code != cmdutil.ExitError || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s for a 1.5s --timeout", d)
	}
	lines := scr.Lines()
	want := "devicecode: gitlab: waiting for approval: stopped waiting: --timeout 1.5s elapsed before the sign-in completed"
	if lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q; screen:\n%s", lines[len(lines)-1], want, strings.Join(lines, "\n"))
	}
	screenShows(t, scr, map[string]int{"expires in": 0})
}

// runOnTerminal runs the CLI with stderr on scr (a terminal of its width),
// keeping the raw stream too.
func runOnTerminal(t *testing.T, scr *clitest.Screen, stream *clitest.SyncBuffer, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out clitest.SyncBuffer
	tee := clitest.WriterFunc(func(p []byte) (int, error) {
		_, _ = stream.Write(p)
		return scr.Write(p)
	})
	f := clitest.FactoryOn(nil, &out, tee)
	f.IO.ErrWidth = func() (int, bool) { return scr.Width(), true }
	code := run(ctx, args, f)
	return code, out.String()
}

// checkStatusWidth: every status line drawn (what follows prompt.ClearLine
// without a line break) fits in width-1 columns.
func checkStatusWidth(t *testing.T, stream string, width int) {
	t.Helper()
	draws := 0
	for _, seg := range strings.Split(stream, prompt.ClearLine)[1:] {
		if strings.Contains(seg, "\n") {
			continue // a message line printed above the status
		}
		seg = strings.TrimSuffix(seg, prompt.HomeAfterDraw)
		draws++
		if c := cmdutil.Columns(seg); c > width-1 {
			t.Errorf("status line %q is %d columns on a %d-column terminal", seg, c, width)
		}
	}
	if draws == 0 {
		t.Error("no status line was drawn")
	}
}

// screenShows checks how many screen lines contain each text.
func screenShows(t *testing.T, scr *clitest.Screen, want map[string]int) {
	t.Helper()
	for text, n := range want {
		if got := scr.Count(text); got != n {
			t.Errorf("%d lines show %q, want %d; screen:\n%s", got, text, n, strings.Join(scr.Lines(), "\n"))
		}
	}
}
