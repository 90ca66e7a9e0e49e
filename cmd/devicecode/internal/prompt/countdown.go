package prompt

import (
	"fmt"
	"sync"
	"time"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// countdown shows the time left until expiry as the status line, redrawn
// every second until stop, which clears it. It is idempotent and returns
// once nothing more will be written.
func countdown(ui *StatusLine, expiry time.Time) (stop func()) {
	ui.Show(func(cols int) string { return countdownText(max(time.Until(expiry), 0), cols) })
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				ui.Clear()
				return
			case <-tick.C:
				ui.Redraw()
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// countdownForms are the status line from longest to shortest; %s is the
// time left.
var countdownForms = []string{
	"Waiting for approval… the code expires in %s",
	"Waiting for approval… expires in %s",
	"The code expires in %s",
	"Expires in %s",
	"%s",
}

// fallbackForm is used when the width is unknown: short enough for any
// terminal a person reads a QR code on.
const fallbackForm = "The code expires in %s"

// countdownText is the longest form that fits in cols columns (0: width
// unknown), or "" when not even the time fits.
func countdownText(left time.Duration, cols int) string {
	clock := clockFormat(left.Round(time.Second))
	if cols <= 0 {
		return fmt.Sprintf(fallbackForm, clock)
	}
	for _, form := range countdownForms {
		if s := fmt.Sprintf(form, clock); cmdutil.Columns(s) <= cols {
			return s
		}
	}
	return ""
}

// clockFormat renders a countdown as m:ss.
func clockFormat(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
