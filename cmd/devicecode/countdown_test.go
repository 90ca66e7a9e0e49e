package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestScreenSeesStaleLines checks the test terminal itself: a status line
// wider than the screen wraps, and rewriting it leaves its top half behind,
// which is the bug the width fitting prevents.
func TestScreenSeesStaleLines(t *testing.T) {
	s := newScreen(40)
	for range 3 {
		fmt.Fprint(s, "\r\x1b[KWaiting for approval… the code expires in 4:59")
	}
	if n := s.count("Waiting"); n != 3 {
		t.Fatalf("a 46-column line rewritten 3 times on 40 columns left %d copies, want 3:\n%s", n, strings.Join(s.Lines(), "\n"))
	}
}

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
		if tc.cols > 0 && columns(got) > tc.cols {
			t.Errorf("%d columns: %q is %d wide", tc.cols, got, columns(got))
		}
	}
}

// TestStatusLineNoStaleLines: on a 40-column screen the countdown is
// rewritten, a message is printed above it, and it is cleared; what
// remains is the message, once, and no trace of the countdown.
func TestStatusLineNoStaleLines(t *testing.T) {
	for _, width := range []int{40, 20, 12, 5, 1} {
		s := newScreen(width)
		ui := &statusLine{w: s, tty: true, width: func() (int, bool) { return width, true }}
		ui.Show(func(cols int) string { return countdownText(4*time.Minute+59*time.Second, cols) })
		ui.Redraw()
		ui.Printf("token endpoint answered 502, retrying in 10s")
		ui.Redraw()
		if n := s.count("4:59"); n > 1 {
			t.Errorf("%d columns: %d countdown lines on screen:\n%s", width, n, strings.Join(s.Lines(), "\n"))
		}
		ui.Clear()
		if n := s.count("4:59"); n != 0 {
			t.Errorf("%d columns: countdown left behind:\n%s", width, strings.Join(s.Lines(), "\n"))
		}
		if n := s.count("502"); width >= 40 && n != 1 {
			t.Errorf("%d columns: message shown %d times:\n%s", width, n, strings.Join(s.Lines(), "\n"))
		}
	}
}

// TestStatusLineResize: the width is read for every draw, so a window
// made narrower gets a shorter line at the next tick.
func TestStatusLineResize(t *testing.T) {
	widths := []int{80, 40, 20, 100}
	var b syncBuffer
	i := 0
	ui := &statusLine{w: &b, tty: true, width: func() (int, bool) { return widths[min(i, len(widths)-1)], true }}
	ui.Show(func(cols int) string { return countdownText(4*time.Minute+59*time.Second, cols) })
	for i = 1; i < len(widths); i++ {
		ui.Redraw()
	}
	ui.Clear()
	draws := strings.Split(strings.ReplaceAll(b.String(), homeAfterDraw+clearLine, clearLine), clearLine)[1:]
	if len(draws) != len(widths)+1 {
		t.Fatalf("%d draws, want %d: %q", len(draws), len(widths)+1, b.String())
	}
	for j, w := range widths {
		if c := columns(draws[j]); c > w-1 {
			t.Errorf("draw %d on %d columns is %d wide: %q", j, w, c, draws[j])
		}
	}
}

// TestStatusLineFallback: a terminal whose width cannot be read gets the
// short form.
func TestStatusLineFallback(t *testing.T) {
	var b syncBuffer
	ui := &statusLine{w: &b, tty: true, width: func() (int, bool) { return 0, false }}
	ui.Show(func(cols int) string { return countdownText(time.Minute, cols) })
	if got, want := b.String(), clearLine+"The code expires in 1:00"+homeAfterDraw; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestStatusLineShrink: a window made narrower reflows the status line
// already drawn onto two rows, before the next tick can shorten it; the
// next draw must erase both, not only the row the cursor is on.
func TestStatusLineShrink(t *testing.T) {
	s := newScreen(80)
	ui := &statusLine{w: s, tty: true, width: func() (int, bool) { return s.width, true }}
	ui.Printf("a message above")
	ui.Show(func(cols int) string { return countdownText(4*time.Minute+59*time.Second, cols) })
	for _, w := range []int{30, 16, 60, 20} {
		s.Resize(w)
		ui.Redraw()
		if n := s.count("4:59"); n != 1 || s.count("Waiting") > 0 && w < 40 || s.count("a message above") != 1 {
			t.Errorf("after resizing to %d columns:\n%s", w, strings.Join(s.Lines(), "\n"))
		}
	}
	ui.Clear()
	if got := s.Lines(); len(got) != 1 || got[0] != "a message above" {
		t.Errorf("after clearing: %q", got)
	}
}
