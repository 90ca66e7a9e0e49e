package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
)

// showPrompt tells the user where to go and which code to enter (RFC 8628
// §3.3), on stderr so that stdout stays machine-readable. On a terminal it
// adds a QR code of the complete URI and a live countdown to expiry; the
// returned stop ends the countdown and must be called before anything else
// is written to w.
func showPrompt(w io.Writer, p deviceflow.Prompt, tty bool) (stop func()) {
	fmt.Fprintf(w, "To sign in to %s, open\n\n    %s\n\nand enter the code\n\n    %s\n\n", p.Vendor, p.VerificationURI, p.UserCode)
	if p.VerificationURIComplete != "" {
		// The user code stays on screen above: §3.3.1 wants it checked
		// against the page even when the QR code prefills it.
		if tty {
			if qr, err := renderQR(p.VerificationURIComplete); err == nil {
				fmt.Fprintf(w, "or scan this code, then check that the page shows %s:\n\n%s\n", p.UserCode, qr)
			}
		} else {
			fmt.Fprintf(w, "or open %s\nand check that the page shows the code above.\n\n", p.VerificationURIComplete)
		}
	}
	if !tty || p.ExpiresAt.IsZero() {
		if !p.ExpiresAt.IsZero() {
			fmt.Fprintf(w, "The code expires at %s (in %s). Waiting for approval…\n",
				p.ExpiresAt.Local().Format(time.TimeOnly), time.Until(p.ExpiresAt).Round(time.Second))
		}
		return func() {}
	}
	return countdown(w, p.ExpiresAt)
}

// countdown rewrites one status line every second until stop is called,
// then clears it.
func countdown(w io.Writer, expiry time.Time) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			left := time.Until(expiry).Round(time.Second)
			fmt.Fprintf(w, "\r\x1b[KWaiting for approval… the code expires in %s", clockFormat(max(left, 0)))
			select {
			case <-done:
				fmt.Fprint(w, "\r\x1b[K")
				return
			case <-tick.C:
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

// clockFormat renders a countdown as m:ss.
func clockFormat(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// isTerminal reports whether w is a character device such as a terminal,
// without a dependency on golang.org/x/term. /dev/null also passes, which
// is harmless: nobody sees the extra output.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
