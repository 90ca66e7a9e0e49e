package demo

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
)

// progress prints the durable scenario's lines as they happen, those of
// events after the seconds since the flow's run began, each wrapped to
// the terminal; w is nil for --output json.
type progress struct {
	w     io.Writer
	width int // 0: not a terminal, no wrapping
	mu    sync.Mutex
	start time.Time
}

// stamp is the width of a line's time, "  12.3s  ".
const stamp = 9

func (p *progress) restart() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start = time.Now()
}

func (p *progress) line(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.write(fmt.Sprintf("%6.1fs  ", time.Since(p.start).Seconds()), strings.Repeat(" ", stamp), format, a)
}

func (p *progress) plain(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.write("", "", format, a)
}

// write prints the message sanitized (a user code and an error's text
// come from the server), after first, its further lines after indent.
func (p *progress) write(first, indent, format string, a []any) {
	if p.w == nil {
		return
	}
	msg := safetext.Escape(fmt.Sprintf(format, a...))
	if p.width > 0 {
		msg = cmdutil.Wrap(msg, max(p.width-len(indent), 20))
	}
	fmt.Fprintf(p.w, "%s%s\n", first, strings.ReplaceAll(msg, "\n", "\n"+indent))
}
