package devicecode

import (
	"encoding/json"
	"errors"
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
	// Origin is where the flow belongs (WithOrigin); Client.Resume
	// refuses a State of another.
	Origin Origin
	// ExpiresAt is the absolute local expiry; a State needs one.
	ExpiresAt time.Time
	// Interval is the current interval, after any slow_down.
	Interval time.Duration
	// NextPollAt is the earliest time the next poll may be sent; after
	// ExpiresAt, the flow has ended.
	NextPollAt time.Time
	// LastPollAt is when the last poll was sent; zero before the first.
	LastPollAt time.Time
	Polls      int // polls sent so far
	Failures   int // consecutive transient failures
}

// Prompt is what to show the user for the flow: the code and where to
// enter it, the appliance that brokers it (Prompt.Broker, from the
// Origin), and the State's expiry (a code given only a lifetime has no
// ExpiresAt of its own, and a resumed State may end earlier). A process
// that keeps flows as States (package durable) shows one with it.
func (s State) Prompt() Prompt {
	p := promptFor(&s.DeviceCode)
	p.ExpiresAt = s.ExpiresAt
	p.Broker = brokerOf(p.Vendor, s.Origin)
	return p
}

// StateError is a State that cannot be resumed: a member missing, out of
// range or contradicting another, or a flow of another origin. It is
// returned before any request, so nothing of the State was sent. (A
// saved device code that fails normalize's rules is its *normalize.Error;
// text that is not JSON, encoding/json's error.)
type StateError struct {
	Vendor normalize.Vendor // the device code's vendor, when known
	Field  string           // the member at fault, a JSON pointer (RFC 6901) into the saved State: "/expires_at", "/origin"
	Reason string
}

var _ error = (*StateError)(nil)

func (e *StateError) Error() string {
	vendor := ""
	if e.Vendor != "" {
		vendor = " (" + safetext.Show(string(e.Vendor)) + ")"
	}
	return fmt.Sprintf("flow state%s: %s: %s", vendor, e.Field, e.Reason)
}

// stateJSON is the wire form: whole seconds and RFC 3339 times like the
// canonical device-code JSON it embeds. The times are read by readTime,
// so that a missing or malformed one is a *StateError naming it.
type stateJSON struct {
	DeviceCode normalize.DeviceCode `json:"device_code"`
	Origin     Origin               `json:"origin"`
	ExpiresAt  json.RawMessage      `json:"expires_at"`
	Interval   int64                `json:"interval"`
	NextPollAt json.RawMessage      `json:"next_poll_at"`
	LastPollAt json.RawMessage      `json:"last_poll_at,omitempty"`
	Polls      int                  `json:"polls"`
	Failures   int                  `json:"failures"`
}

// MarshalJSON writes the state, device code included.
func (s State) MarshalJSON() ([]byte, error) {
	for _, t := range []time.Time{s.ExpiresAt, s.NextPollAt, s.LastPollAt} {
		if !savable(&t) {
			return nil, fmt.Errorf("writing flow state: a time falls outside the years 0 to 9999 in UTC")
		}
	}
	return json.Marshal(stateJSON{
		DeviceCode: s.DeviceCode,
		Origin:     s.Origin,
		ExpiresAt:  timeJSON(s.ExpiresAt),
		// Round up: a resumed flow must not poll faster than before.
		Interval:   int64((s.Interval + time.Second - 1) / time.Second),
		NextPollAt: timeJSON(s.NextPollAt),
		LastPollAt: timeJSON(s.LastPollAt),
		Polls:      s.Polls,
		Failures:   s.Failures,
	})
}

// UnmarshalJSON reads a state written by MarshalJSON; the device code is
// validated by package normalize. A state without an expiry is refused:
// nothing else would end its flow.
func (s *State) UnmarshalJSON(b []byte) error {
	var w stateJSON
	// Decoded into a struct, whose names match in any letter case.
	err := jsonstrict.Unmarshal(b, &w, jsonstrict.FoldTop)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return &StateError{Field: safetext.Show(dup.Pointer), Reason: "appears twice"}
	}
	if err != nil {
		return fmt.Errorf("reading flow state: %w", err)
	}
	// An absent device_code never reaches DeviceCode.UnmarshalJSON.
	if err := w.DeviceCode.Validate(); err != nil {
		return fmt.Errorf("reading flow state: %w", err)
	}
	v := w.DeviceCode.Vendor
	if err := w.checkCounts(); err != nil {
		err.Vendor = v
		return err
	}
	st := State{DeviceCode: w.DeviceCode, Origin: w.Origin,
		Interval: time.Duration(w.Interval) * time.Second, Polls: w.Polls, Failures: w.Failures}
	for _, t := range []struct {
		field    string
		raw      json.RawMessage
		dst      *time.Time
		required bool
	}{
		{"/expires_at", w.ExpiresAt, &st.ExpiresAt, true},
		{"/next_poll_at", w.NextPollAt, &st.NextPollAt, false},
		{"/last_poll_at", w.LastPollAt, &st.LastPollAt, false},
	} {
		if err := readTime(t.raw, t.dst, t.required); err != nil {
			return &StateError{Vendor: v, Field: t.field, Reason: err.Error()}
		}
	}
	*s = st
	return nil
}

// checkCounts refuses negative counters and an interval beyond any code's
// lifetime, which also keeps the multiplication into a Duration from
// wrapping (2^34+5 seconds would read back as a short interval).
func (w *stateJSON) checkCounts() *StateError {
	switch {
	case w.Interval < 0:
		return &StateError{Field: "/interval", Reason: "negative"}
	case w.Interval > int64(normalize.MaxLifetime/time.Second):
		return &StateError{Field: "/interval", Reason: fmt.Sprintf("%ds exceeds any code's lifetime (%s)", w.Interval, normalize.MaxLifetime)}
	case w.Polls < 0:
		return &StateError{Field: "/polls", Reason: "negative"}
	case w.Failures < 0:
		return &StateError{Field: "/failures", Reason: "negative"}
	}
	return nil
}

// readTime decodes an RFC 3339 time into dst; absent and null leave it
// zero unless required.
func readTime(raw json.RawMessage, dst *time.Time, required bool) error {
	if len(raw) == 0 || string(raw) == "null" {
		if required {
			return fmt.Errorf("missing")
		}
		return nil
	}
	var t time.Time
	if json.Unmarshal(raw, &t) != nil {
		return fmt.Errorf("not an RFC 3339 time: %s", safetext.Show(string(raw)))
	}
	if !savable(&t) {
		return fmt.Errorf("falls outside the years 0 to 9999 in UTC")
	}
	*dst = t
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

// timeJSON writes t in UTC; a zero time is left out.
func timeJSON(t time.Time) json.RawMessage {
	if t.IsZero() {
		return nil
	}
	b, _ := t.UTC().MarshalJSON() // savable: MarshalJSON checked
	return b
}

// String shows the schedule, never the device code.
func (s State) String() string {
	return fmt.Sprintf("devicecode.State{vendor=%s origin=%s interval=%s next_poll_at=%s expires_at=%s polls=%d failures=%d}",
		s.DeviceCode.Vendor, s.Origin, s.Interval, s.NextPollAt.UTC().Format(time.RFC3339),
		s.ExpiresAt.UTC().Format(time.RFC3339), s.Polls, s.Failures)
}

// GoString keeps %#v from printing the device code.
func (s State) GoString() string { return s.String() }

// LogValue keeps slog from printing the device code.
func (s State) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("vendor", string(s.DeviceCode.Vendor)),
		slog.String("origin", s.Origin.String()),
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
