// Package prompt is what a person sees while a sign-in waits, on stderr:
// the prompt (with a QR code on a terminal), the countdown to expiry on a
// status line, notes on retries and slow_down, and --open's browser.
package prompt

import (
	"strings"
	"time"

	"github.com/devicecode/devicecode"
)

// Show tells the user where to go and which code to enter (RFC 8628
// §3.3), on stderr so that stdout stays machine-readable: the words of
// devicecode.Prompt.Text, which TextPrompter writes too, with the expiry
// read at now (login: local time; demo: its fake clock's). On a terminal
// the prose is wrapped, and a QR code of the complete URI is added with
// the link under it, to be clicked or copied; the QR code keeps the URI as
// sent.
func Show(ui *StatusLine, p devicecode.Prompt, now time.Time) {
	t := p.Text(now)
	qr, ok := qrFor(ui, p.VerificationURIComplete)
	if !ok {
		ui.Prosef("%s", strings.TrimSuffix(t.String(), "\n"))
		if qr != "" { // a terminal too narrow: say why there is none
			ui.Prosef("\n(A QR code of the link needs a terminal %d columns wide.)", qrWidth(qr))
		}
		return
	}
	where, rest := t, devicecode.PromptText{Message: t.Message, Expiry: t.Expiry}
	where.Complete, where.Message, where.Expiry = "", "", ""
	ui.Prosef("%s\n", strings.TrimSuffix(where.String(), "\n"))
	// The user code stays on screen above: §3.3.1 wants it checked
	// against the page even when the QR code prefills it.
	ui.Prosef("or scan this code or open the link below;\ncheck that the page shows the code above:")
	ui.Printf("%s    %s", qr, t.Complete) // fits: qrFor checked
	if s := rest.String(); s != "" {
		ui.Prosef("\n%s", strings.TrimSuffix(s, "\n"))
	}
}

// qrFor renders the QR code of a complete URI for a terminal it fits on:
// a wrapped QR code cannot be scanned. On a terminal too narrow it returns
// the code and false.
func qrFor(ui *StatusLine, uri string) (string, bool) {
	if !ui.tty || uri == "" {
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
// expiry on a terminal, otherwise one line (Show has said when the code
// expires). The returned stop must be called before anything else is
// written.
func Waiting(ui *StatusLine, expiry time.Time) (stop func()) {
	switch {
	case expiry.IsZero():
		return func() {}
	case ui.tty:
		return countdown(ui, expiry)
	}
	ui.Printf("Waiting for approval…")
	return func() {}
}
