package deviceflow

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// State is where a flow stands: enough to resume polling after a restart
// without breaking the interval or forgetting a slow_down. It holds the
// device code, a secret: fmt and slog show it redacted, and only
// json.Marshal writes it out.
type State struct {
	DeviceCode normalize.DeviceCode
	// ExpiresAt is the absolute local expiry; zero means unknown.
	ExpiresAt time.Time
	// Interval is the current interval, after any slow_down.
	Interval time.Duration
	// NextPollAt is the earliest time the next poll may be sent.
	NextPollAt time.Time
	// LastPollAt is when the last poll was sent; zero before the first.
	LastPollAt time.Time
	Polls      int // polls sent so far
	Failures   int // consecutive transient failures
}

// stateJSON is the wire form: whole seconds and RFC 3339 times like the
// canonical device-code JSON it embeds.
type stateJSON struct {
	DeviceCode normalize.DeviceCode `json:"device_code"`
	ExpiresAt  *time.Time           `json:"expires_at,omitempty"`
	Interval   int64                `json:"interval"`
	NextPollAt time.Time            `json:"next_poll_at"`
	LastPollAt *time.Time           `json:"last_poll_at,omitempty"`
	Polls      int                  `json:"polls"`
	Failures   int                  `json:"failures"`
}

// MarshalJSON writes the state, device code included.
func (s State) MarshalJSON() ([]byte, error) {
	return json.Marshal(stateJSON{
		DeviceCode: s.DeviceCode,
		ExpiresAt:  timePtr(s.ExpiresAt),
		// Round up: a resumed flow must not poll faster than before.
		Interval:   int64((s.Interval + time.Second - 1) / time.Second),
		NextPollAt: s.NextPollAt.UTC(),
		LastPollAt: timePtr(s.LastPollAt),
		Polls:      s.Polls,
		Failures:   s.Failures,
	})
}

// UnmarshalJSON reads a state written by MarshalJSON; the device code is
// validated by package normalize.
func (s *State) UnmarshalJSON(b []byte) error {
	var w stateJSON
	// Decoded into a struct, whose names match in any letter case.
	if ptr, dup := jsonstrict.DuplicateFold(b); dup {
		return fmt.Errorf("reading flow state: the member %s appears twice", safetext.Show(ptr))
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("reading flow state: %w", err)
	}
	if w.Interval < 0 || w.Polls < 0 || w.Failures < 0 {
		return fmt.Errorf("reading flow state: negative interval or counter")
	}
	// Beyond any code's lifetime; also keeps the multiplication below
	// from wrapping (2^34+5 seconds would read back as a short interval).
	if w.Interval > int64(normalize.MaxLifetime/time.Second) {
		return fmt.Errorf("reading flow state: the interval exceeds %s", normalize.MaxLifetime)
	}
	for _, t := range []*time.Time{w.ExpiresAt, &w.NextPollAt, w.LastPollAt} {
		if !savable(t) {
			return fmt.Errorf("reading flow state: a time falls outside the years 0 to 9999 in UTC")
		}
	}
	// An absent device_code never reaches DeviceCode.UnmarshalJSON.
	if err := w.DeviceCode.Validate(); err != nil {
		return fmt.Errorf("reading flow state: %w", err)
	}
	*s = State{
		DeviceCode: w.DeviceCode,
		Interval:   time.Duration(w.Interval) * time.Second,
		NextPollAt: w.NextPollAt,
		Polls:      w.Polls,
		Failures:   w.Failures,
	}
	if w.ExpiresAt != nil {
		s.ExpiresAt = *w.ExpiresAt
	}
	if w.LastPollAt != nil {
		s.LastPollAt = *w.LastPollAt
	}
	return nil
}

// savable reports a time MarshalJSON can write again: it writes UTC, and
// 0000-01-01T00:00:00+01:00 is in the year -1 there.
func savable(t *time.Time) bool {
	if t == nil {
		return true
	}
	y := t.UTC().Year()
	return y >= 0 && y <= 9999
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// String shows the schedule, never the device code.
func (s State) String() string {
	return fmt.Sprintf("deviceflow.State{vendor=%s interval=%s next_poll_at=%s expires_at=%s polls=%d failures=%d}",
		s.DeviceCode.Vendor, s.Interval, s.NextPollAt.UTC().Format(time.RFC3339),
		s.ExpiresAt.UTC().Format(time.RFC3339), s.Polls, s.Failures)
}

// GoString keeps %#v from printing the device code.
func (s State) GoString() string { return s.String() }

// LogValue keeps slog from printing the device code.
func (s State) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("vendor", string(s.DeviceCode.Vendor)),
		slog.Duration("interval", s.Interval),
		slog.Time("next_poll_at", s.NextPollAt),
		slog.Time("expires_at", s.ExpiresAt),
		slog.Int("polls", s.Polls),
		slog.Int("failures", s.Failures),
	)
}

// start begins the schedule for a fresh device code at now.
func (s *State) start(dc *normalize.DeviceCode, now time.Time, immediate bool) {
	s.DeviceCode, s.ExpiresAt, s.Interval = *dc, dc.ExpiresAt, dc.Interval
	if s.Interval <= 0 {
		s.Interval = normalize.DefaultInterval
	}
	if s.ExpiresAt.IsZero() && dc.ExpiresIn > 0 {
		s.ExpiresAt = now.Add(dc.ExpiresIn)
	}
	s.NextPollAt = now
	if !immediate {
		s.NextPollAt = now.Add(s.Interval)
	}
}
