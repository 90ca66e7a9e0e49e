package prompt

import (
	"fmt"
	"io"
	"sync"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// ClearLine returns the cursor to the start of the line and erases from
// there to the end of the screen (ED, not EL): after a window is made
// narrower, a terminal that reflows (tmux, VTE, iTerm2, Windows Terminal)
// has wrapped the status line onto several rows, and erasing one row would
// leave the others behind. The status line is the last thing on screen, so
// nothing else is below it.
const ClearLine = "\r\x1b[J"

// HomeAfterDraw parks the cursor at the start of the status line: after a
// reflow the cursor is then on the line's first row, where ClearLine must
// start. Left at the end, it would be on the last row.
const HomeAfterDraw = "\r"

// StatusLine is stderr while a flow waits. Messages scroll as lines; on
// a terminal one status line below them (the countdown) is rewritten in
// place. The countdown and the polling events write from different
// goroutines, so every write goes through here.
type StatusLine struct {
	mu  sync.Mutex
	w   io.Writer
	tty bool
	// width is the terminal's width, false when unknown.
	width func() (int, bool)
	// status renders the status line for at most cols columns (0: width
	// unknown); nil when there is none.
	status func(cols int) string
}

// NewStatusLine is the status line on s.ErrOut.
func NewStatusLine(s *cmdutil.IOStreams) *StatusLine {
	tty, width := s.ErrTerminal()
	return &StatusLine{w: s.ErrOut, tty: tty, width: width}
}

// Printf writes one message line above the status line.
func (l *StatusLine) Printf(format string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.status != nil {
		fmt.Fprint(l.w, ClearLine)
	}
	fmt.Fprintf(l.w, format+"\n", a...)
	l.draw()
}

// Prosef is Printf for prose: on a terminal of known width its lines are
// wrapped at word boundaries, elsewhere it is written as it is.
func (l *StatusLine) Prosef(format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	if w, ok := l.width(); ok && l.tty {
		msg = cmdutil.Wrap(msg, w)
	}
	l.Printf("%s", msg)
}

// Show starts a status line (terminals only) rendered by status.
func (l *StatusLine) Show(status func(cols int) string) {
	if !l.tty {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.status = status
	l.draw()
}

// Redraw renders the status line again (a tick of the countdown).
func (l *StatusLine) Redraw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.draw()
}

// Clear erases the status line, leaving the cursor at the start of it.
func (l *StatusLine) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.status != nil {
		fmt.Fprint(l.w, ClearLine)
		l.status = nil
	}
}

// draw rewrites the status line within width-1 columns: a line that
// reached the last column would wrap on some terminals, and the next
// clearLine would start on the lower half, leaving a stale copy above.
func (l *StatusLine) draw() {
	if l.status == nil {
		return
	}
	cols := 0
	if w, ok := l.width(); ok {
		cols = max(w-1, 1)
	}
	fmt.Fprint(l.w, ClearLine+l.status(cols)+HomeAfterDraw)
}
