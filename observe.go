package devicecode

import (
	"context"
	"log/slog"
	"time"
)

// EventKind says what happened.
type EventKind int

// The events of a flow.
const (
	EventPoll          EventKind = iota + 1 // a poll got its answer
	EventSlowDown                           // the interval grew
	EventRetry                              // a transient failure; backing off
	EventExpiryWarning                      // the code expires soon
)

func (k EventKind) String() string {
	switch k {
	case EventPoll:
		return "poll"
	case EventSlowDown:
		return "slow_down"
	case EventRetry:
		return "retry"
	case EventExpiryWarning:
		return "expiry_warning"
	}
	return "unknown"
}

// Event describes one step of the schedule. It carries no device code,
// token or secret.
type Event struct {
	Kind      EventKind
	Attempt   int           // number of polls sent so far
	Interval  time.Duration // current interval
	Wait      time.Duration // until the next poll (EventSlowDown, EventRetry)
	Remaining time.Duration // until local expiry; zero when unknown
	// Err is the poll's outcome for EventPoll (nil on success), the cause
	// for EventSlowDown and EventRetry.
	Err error
}

func logEvent(l *slog.Logger) func(context.Context, Event) {
	return func(ctx context.Context, e Event) {
		level := slog.LevelInfo
		switch e.Kind {
		case EventPoll:
			level = slog.LevelDebug
		case EventExpiryWarning:
			level = slog.LevelWarn
		}
		l.LogAttrs(ctx, level, "devicecode: "+e.Kind.String(), e.attrs()...)
	}
}

func (e Event) attrs() []slog.Attr {
	a := []slog.Attr{
		slog.Int("attempt", e.Attempt),
		slog.Duration("interval", e.Interval),
	}
	if e.Wait > 0 {
		a = append(a, slog.Duration("wait", e.Wait))
	}
	if e.Remaining > 0 {
		a = append(a, slog.Duration("remaining", e.Remaining))
	}
	if e.Err != nil {
		// Errors of this package never contain secrets by construction.
		a = append(a, slog.String("error", e.Err.Error()))
	}
	return a
}
