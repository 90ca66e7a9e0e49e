package prompt

import (
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/clitest"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

func TestCountdownText(t *testing.T) {
	for _, tc := range []struct {
		cols int
		want string
	}{
		{0, "The code expires in 4:59"}, // width unknown
		{79, "Waiting for approval… the code expires in 4:59"},
		{47, "Waiting for approval… the code expires in 4:59"},
		{46, "Waiting for approval… expires in 4:59"},
		{39, "Waiting for approval… expires in 4:59"},
		{30, "The code expires in 4:59"},
		{20, "Expires in 4:59"},
		{4, "4:59"},
		{3, ""},
	} {
		got := countdownText(4*time.Minute+59*time.Second, tc.cols)
		if got != tc.want {
			t.Errorf("%d columns: %q, want %q", tc.cols, got, tc.want)
		}
		if tc.cols > 0 && cmdutil.Columns(got) > tc.cols {
			t.Errorf("%d columns: %q is %d wide", tc.cols, got, cmdutil.Columns(got))
		}
	}
}

// TestStatusLineNoStaleLines: on a 40-column screen the countdown is
// rewritten, a message is printed above it, and it is cleared; what
// remains is the message, once, and no trace of the countdown.
func TestStatusLineNoStaleLines(t *testing.T) {
	for _, width := range []int{40, 20, 12, 5, 1} {
		s := clitest.NewScreen(width)
		ui := &StatusLine{w: s, tty: true, width: func() (int, bool) { return width, true }}
		ui.Show(func(cols int) string { return countdownText(4*time.Minute+59*time.Second, cols) })
		ui.Redraw()
		ui.Printf("token endpoint answered 502, retrying in 10s")
		ui.Redraw()
		if n := s.Count("4:59"); n > 1 {
			t.Errorf("%d columns: %d countdown lines on screen:\n%s", width, n, strings.Join(s.Lines(), "\n"))
		}
		ui.Clear()
		if n := s.Count("4:59"); n != 0 {
			t.Errorf("%d columns: countdown left behind:\n%s", width, strings.Join(s.Lines(), "\n"))
		}
		if n := s.Count("502"); width >= 40 && n != 1 {
			t.Errorf("%d columns: message shown %d times:\n%s", width, n, strings.Join(s.Lines(), "\n"))
		}
	}
}

// TestStatusLineResize: the width is read for every draw, so a window
// made narrower gets a shorter line at the next tick.
func TestStatusLineResize(t *testing.T) {
	widths := []int{80, 40, 20, 100}
	var b clitest.SyncBuffer
	i := 0
	ui := &StatusLine{w: &b, tty: true, width: func() (int, bool) { return widths[min(i, len(widths)-1)], true }}
	ui.Show(func(cols int) string { return countdownText(4*time.Minute+59*time.Second, cols) })
	for i = 1; i < len(widths); i++ {
		ui.Redraw()
	}
	ui.Clear()
	draws := strings.Split(strings.ReplaceAll(b.String(), HomeAfterDraw+ClearLine, ClearLine), ClearLine)[1:]
	if len(draws) != len(widths)+1 {
		t.Fatalf("%d draws, want %d: %q", len(draws), len(widths)+1, b.String())
	}
	for j, w := range widths {
		if c := cmdutil.Columns(draws[j]); c > w-1 {
			t.Errorf("draw %d on %d columns is %d wide: %q", j, w, c, draws[j])
		}
	}
}

// TestStatusLineFallback: a terminal whose width cannot be read gets the
// short form.
func TestStatusLineFallback(t *testing.T) {
	var b clitest.SyncBuffer
	ui := &StatusLine{w: &b, tty: true, width: func() (int, bool) { return 0, false }}
	ui.Show(func(cols int) string { return countdownText(time.Minute, cols) })
	if got, want := b.String(), ClearLine+"The code expires in 1:00"+HomeAfterDraw; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestStatusLineShrink: a window made narrower reflows the status line
// already drawn onto two rows, before the next tick can shorten it; the
// next draw must erase both, not only the row the cursor is on.
func TestStatusLineShrink(t *testing.T) {
	s := clitest.NewScreen(80)
	ui := &StatusLine{w: s, tty: true, width: func() (int, bool) { return s.Width(), true }}
	ui.Printf("a message above")
	ui.Show(func(cols int) string { return countdownText(4*time.Minute+59*time.Second, cols) })
	for _, w := range []int{30, 16, 60, 20} {
		s.Resize(w)
		ui.Redraw()
		if n := s.Count("4:59"); n != 1 || s.Count("Waiting") > 0 && w < 40 || s.Count("a message above") != 1 {
			t.Errorf("after resizing to %d columns:\n%s", w, strings.Join(s.Lines(), "\n"))
		}
	}
	ui.Clear()
	if got := s.Lines(); len(got) != 1 || got[0] != "a message above" {
		t.Errorf("after clearing: %q", got)
	}
}
