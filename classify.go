package devicecode

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/devicecode/devicecode/internal/meaning"
)

// outcome is what the schedule does after a poll.
type outcome int

const (
	outcomeDone      outcome = iota // success or terminal error
	outcomePending                  // poll again after the interval
	outcomeSlowDown                 // raise the interval, then poll again
	outcomeTransient                // back off, then poll again
)

// classify decides what a poll error means for the schedule. ctx is the
// caller's: once it is done, nothing is retried.
func classify(ctx context.Context, err error) outcome {
	switch {
	case err == nil || ctx.Err() != nil:
		return outcomeDone
	case errors.Is(err, ErrAuthorizationPending):
		return outcomePending
	case errors.Is(err, ErrSlowDown):
		return outcomeSlowDown
	case IsTransient(err):
		return outcomeTransient
	}
	return outcomeDone
}

// IsPending reports whether an error of PollOnce leaves the flow open, so
// that a caller polling on its own schedule keeps it and asks again at
// State().NextPollAt: the sign-in is pending, the server asked to slow
// down or failed transiently, the poll was not due yet (ErrTooEarly), or
// the caller's context cut this one call short. Any other error ends the
// flow, and so does a code that expired locally, whatever its last answer.
func IsPending(err error) bool {
	if err == nil || errors.Is(err, ErrExpiredToken) {
		return false
	}
	return errors.Is(err, ErrAuthorizationPending) || errors.Is(err, ErrSlowDown) ||
		errors.Is(err, ErrTooEarly) || errors.Is(err, context.Canceled) || IsTransient(err)
}

// IsTransient reports whether err is worth retrying after a backoff: it
// wraps ErrTransient, or it is a connection failure or a timeout (RFC 8628
// §3.5). TLS certificate errors and alerts, oversize bodies and request
// editor failures are not transient.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, ErrResponseTooLarge) {
		return false
	}
	if errors.Is(err, ErrTransient) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	// A TLS alert from the peer (e.g. it rejects our certificate) comes as
	// an OpError too, but retrying will not change the answer.
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Op != "remote error"
	}
	return connectionDropped(err)
}

// connectionDropped covers a peer that closed or reset the connection
// mid-exchange, which net/http reports without a *net.OpError.
func connectionDropped(err error) bool {
	for _, e := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET,
		syscall.ECONNREFUSED, syscall.ECONNABORTED, syscall.EPIPE} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// mapCodes adds the sentinel a vendor assigns to an error code the RFC table
// does not know (e.g. Entra's authorization_declined → ErrAccessDenied).
func mapCodes(err error, codes map[string]error) error {
	var oe *OAuthError
	if len(codes) == 0 || !errors.As(err, &oe) {
		return err
	}
	if s, ok := codes[oe.Code]; ok && !errors.Is(err, s) {
		// It reads and matches as the vendor's sentinel only — the
		// status-derived meaning of the raw answer (a 503 would be
		// transient) must not override it — and errors.As still yields
		// the server's *OAuthError as it came.
		return &meaning.Error{Meaning: s, Err: oe, Text: oe.describe(s.Error())}
	}
	return err
}

// hints extracts the server's timing wishes from a poll error.
func hints(err error) (interval, retryAfter time.Duration) {
	var oe *OAuthError
	if errors.As(err, &oe) {
		return oe.Interval, oe.RetryAfter
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return 0, he.RetryAfter
	}
	return 0, 0
}
