package devicecode

import (
	"context"
	"fmt"
	"time"
)

// The engine's expiry policy, in one place. Every Poller knows its
// expiry: NewPoller and ResumePoller refuse a code or State without one. A poll is sent only within the
// code's lifetime: the schedule's next poll is never later than the
// expiry. When the wait it owes the server (an interval, a slow_down, a
// Retry-After) or a resumed State's NextPollAt would put the next poll
// past the expiry, no later poll could be answered with a token, so the
// flow ends there and then with ErrExpiredToken, naming the wait that did
// not fit — it does not hold a goroutine, or a job, for hours. A backoff
// of the engine's own (after a transient failure) is shortened to end at
// the expiry instead: one last poll then asks for the server's verdict.
// A flow therefore ends by the code's expiry plus one request.

// lateness is how late a poll due at or before the expiry may still be
// sent: a timer fires, or a PollOnce caller comes, a moment after its
// due time. A State resumed later than this after its expiry ends without
// a request.
const lateness = time.Second

// expiredAt reports whether a poll sent at t was the last one: it was sent
// at or after local expiry, so its answer was the server's verdict.
func expiredAt(st State, t time.Time) bool {
	return !t.Before(st.ExpiresAt)
}

// deadline is what the rules of a flow's end read of its State: three
// times, cheap to copy, since Wait reads them before every sleep (a copy
// of the whole State in that frame grew every sleeping flow's stack from
// 2 KB to 4 KB: the scale benchmark).
type deadline struct{ last, next, expires time.Time }

func (s *State) deadline() deadline { return deadline{s.LastPollAt, s.NextPollAt, s.ExpiresAt} }

// finalSent reports whether the last poll has been sent already.
func (d deadline) finalSent() bool { return !d.last.IsZero() && !d.last.Before(d.expires) }

// beyondExpiry reports whether the schedule's next poll falls after the
// code's expiry: the flow has no poll left.
func (d deadline) beyondExpiry() bool { return d.next.After(d.expires) }

// tooLate reports whether a poll at now could no longer be answered with
// a token: the code expired more than a moment ago.
func (d deadline) tooLate(now time.Time) bool { return now.After(d.expires.Add(lateness)) }

// remaining is the lifetime left at now; zero once past.
func remaining(st State, now time.Time) time.Duration {
	return max(st.ExpiresAt.Sub(now), 0)
}

// expiredLocally is the error after the final poll. last, the final answer,
// is described but not wrapped: the flow ended by expiry, not by it.
func expiredLocally(st State, last error) error {
	return fmt.Errorf("%w (it expired at %s; %s, the last answer: %v)",
		ErrExpiredToken, st.ExpiresAt.UTC().Format(time.RFC3339), pollCount(st.Polls), last) //nolint:errorlint // described, not wrapped (see above)
}

// expiredBefore is the end of a flow whose next poll would come after the
// expiry: cause names the wait, as the server or the saved State asked
// for it, so that an absurd value shows as the reason.
func expiredBefore(st State, now time.Time, cause string, last error) error {
	what := pollCount(st.Polls)
	if last != nil {
		what += ", the last answer: " + last.Error()
	}
	return fmt.Errorf("%w: %s, past the code's expiry %s (at %s), so no poll remains (%s)",
		ErrExpiredToken, cause, untilWords(remaining(st, now)), st.ExpiresAt.UTC().Format(time.RFC3339), what)
}

// expiredAgo is the end of a flow resumed, or polled, more than a moment
// after its code expired: no request is sent.
func expiredAgo(st State, now time.Time) error {
	return fmt.Errorf("%w (it expired at %s, %s ago; %s)", ErrExpiredToken,
		st.ExpiresAt.UTC().Format(time.RFC3339), now.Sub(st.ExpiresAt).Round(time.Second), pollCount(st.Polls))
}

func pollCount(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

// untilWords says when the expiry comes, or that it has passed.
func untilWords(left time.Duration) string {
	if left <= 0 {
		return "now"
	}
	return "in " + left.Round(time.Second).String()
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
