// Package prompt is what a person sees while a sign-in waits, on stderr:
// the prompt (with a QR code on a terminal), the countdown to expiry on a
// status line, notes on retries and slow_down, and --open's browser.
package prompt

import (
	"fmt"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/hostname"
	"github.com/devicecode/devicecode/internal/safetext"
)

// Show tells the user where to go and which code to enter (RFC 8628
// §3.3), on stderr so that stdout stays machine-readable. On a terminal it
// adds a QR code of the complete URI.
//
// The URIs go through safetext.Escape, not Show: normalize has vetted them
// already, and a length bound would cut a long URI the user must open.
// Their hosts are shown in ASCII (hostname.URL), so an allowed look-alike
// does not read as the name it imitates; the QR code keeps the URI as sent.
func Show(ui *StatusLine, p devicecode.Prompt) {
	uri, code := safetext.Escape(hostname.URL(p.VerificationURI)), safetext.Show(p.UserCode)
	ui.Prosef("To sign in to %s, open\n\n    %s\n\nand enter the code\n\n    %s\n", p.Vendor, uri, code)
	if p.VerificationURIComplete == "" {
		return
	}
	complete := safetext.Escape(hostname.URL(p.VerificationURIComplete))
	// The user code stays on screen above: §3.3.1 wants it checked
	// against the page even when the QR code prefills it.
	if qr, ok := qrFor(ui, p.VerificationURIComplete); ok {
		ui.Prosef("or scan this code, then check that the page shows %s:\n", code)
		ui.Printf("%s", qr) // fits: qrFor checked
		return
	}
	ui.Prosef("or open %s\nand check that the page shows the code above.\n", complete)
}

// qrFor renders the QR code for a terminal it fits on: a wrapped QR code
// cannot be scanned.
func qrFor(ui *StatusLine, uri string) (string, bool) {
	if !ui.tty {
		return "", false
	}
	qr, err := renderQR(uri)
	if err != nil {
		return "", false
	}
	width, known := ui.width()
	return qr, !known || qrWidth(qr) <= width
}

// Waiting shows that the flow waits for approval: a live countdown to
// expiry on a terminal, otherwise one line with the expiry time. The
// returned stop must be called before anything else is written.
func Waiting(ui *StatusLine, expiry time.Time) (stop func()) {
	switch {
	case expiry.IsZero():
		return func() {}
	case ui.tty:
		return countdown(ui, expiry)
	}
	ui.Printf("%s", WaitingLine(expiry, time.Now()))
	return func() {}
}

// WaitingLine says when the code expires, as a clock time to the second
// in now's zone (login: local time; demo: its fake clock's), and how long
// that is from now.
func WaitingLine(expiry, now time.Time) string {
	return fmt.Sprintf("The code expires at %s (in %s). Waiting for approval…",
		expiry.In(now.Location()).Format(time.TimeOnly), expiry.Sub(now).Round(time.Second))
}
