package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
)

// Observer shows on stderr what the user would otherwise wonder about
// while nothing seems to happen: retries after transient failures, and a
// server asking for slower polling.
func Observer(ui *StatusLine) func(context.Context, devicecode.Event) {
	return func(_ context.Context, e devicecode.Event) {
		if msg := EventMessage(e); msg != "" {
			ui.Prosef("%s", msg)
		}
	}
}

// EventMessage is the note for e, "" for an event a person need not see.
func EventMessage(e devicecode.Event) string {
	switch e.Kind {
	case devicecode.EventRetry:
		return fmt.Sprintf("token endpoint %s, retrying in %s", retryCause(e.Err), shortDuration(e.Wait))
	case devicecode.EventSlowDown:
		return "server asked to slow down; polling every " + shortDuration(e.Interval)
	}
	return ""
}

// retryCause says what went wrong with the poll, in a few words. The
// error code is the server's text, so it is shown through safetext.
func retryCause(err error) string {
	var oe *devicecode.OAuthError
	var he *devicecode.HTTPError
	switch {
	case errors.As(err, &oe) && oe.StatusCode != 0:
		return fmt.Sprintf("answered %s (HTTP %d)", safetext.Show(oe.Code), oe.StatusCode)
	case errors.As(err, &oe):
		return "answered " + safetext.Show(oe.Code)
	case errors.As(err, &he):
		return fmt.Sprintf("answered %d", he.StatusCode)
	}
	return "unreachable (" + networkReason(err) + ")"
}

// networkReason names a connection failure without the URL and address
// noise of *url.Error.
func networkReason(err error) string {
	var dns *net.DNSError
	var errno syscall.Errno
	var ne net.Error
	switch {
	case errors.As(err, &dns):
		return "DNS lookup failed"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	case errors.As(err, &errno):
		return errno.Error() // "connection refused", "connection reset by peer"
	case err == nil:
		return "no answer"
	}
	return safetext.Show(err.Error())
}

// shortDuration writes d in whole seconds the way people say it: 10s,
// 1m30s, 2m (time.Duration would say 2m0s, or 9.87s with jitter).
func shortDuration(d time.Duration) string {
	d = max(d.Round(time.Second), time.Second)
	if d < time.Minute || d%time.Minute != 0 {
		return d.String()
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
