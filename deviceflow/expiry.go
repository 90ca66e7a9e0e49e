package deviceflow

import (
	"context"
	"fmt"
	"time"
)

// expiredAt reports whether a poll sent at t was the last one: it was sent
// at or after local expiry, so its answer was the server's verdict.
func expiredAt(st State, t time.Time) bool {
	return !st.ExpiresAt.IsZero() && !t.Before(st.ExpiresAt)
}

// finalSent reports whether the last poll has been sent already.
func finalSent(st State) bool {
	return !st.LastPollAt.IsZero() && expiredAt(st, st.LastPollAt)
}

// remaining is the lifetime left at now; zero when unknown or past.
func remaining(st State, now time.Time) time.Duration {
	if st.ExpiresAt.IsZero() {
		return 0
	}
	return max(st.ExpiresAt.Sub(now), 0)
}

// expiredLocally is the error after the final poll. last, the final answer,
// is described but not wrapped: the flow ended by expiry, not by it.
func expiredLocally(st State, last error) error {
	return fmt.Errorf("%w (it expired at %s; %d polls, the last answer: %v)",
		ErrExpiredToken, st.ExpiresAt.UTC().Format(time.RFC3339), st.Polls, last) //nolint:errorlint // described, not wrapped (see above)
}

// stopped reports the caller's own cancellation or deadline, which is not
// an expiry of the device code, in the words of its cause when the caller
// gave one (context.WithTimeoutCause): "--timeout 2m elapsed" says more
// than "context deadline exceeded".
func stopped(ctx context.Context) error {
	err, cause := ctx.Err(), context.Cause(ctx)
	if cause != nil && cause != err { //nolint:errorlint // identity: Cause is ctx.Err() itself when no cause was given
		err = &causeError{err: err, cause: cause}
	}
	return fmt.Errorf("stopped waiting: %w", err)
}

// causeError reads as the cause and matches both it and the context error.
type causeError struct{ err, cause error }

func (e *causeError) Error() string   { return e.cause.Error() }
func (e *causeError) Unwrap() []error { return []error{e.err, e.cause} }
