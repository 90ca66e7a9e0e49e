package devicecode_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

// TestNoPollPastExpiry: whatever wait a server asks for, the flow ends
// by the code's expiry with ErrExpiredToken and a message naming the
// wait — it does not sleep for hours. The code lives 10 s; the first poll
// goes at 5 s.
func TestNoPollPastExpiry(t *testing.T) {
	tests := []struct {
		name     string
		answers  []error
		wantSent []time.Duration
		wantText string
	}{
		{
			name:     "slow_down with a 27h interval",
			answers:  []error{&devicecode.OAuthError{Code: "slow_down", StatusCode: 400, Interval: 100000 * time.Second}},
			wantSent: secs(5),
			wantText: "the server asked to slow down to a 27h46m40s interval, past the code's expiry in 5s",
		},
		{
			name:     "slow_down with a Retry-After of 126 years",
			answers:  []error{&devicecode.OAuthError{Code: "slow_down", StatusCode: 400, RetryAfter: 4000000000 * time.Second}},
			wantSent: secs(5),
			wantText: "the server asked to wait 1111111h6m40s (Retry-After), past the code's expiry in 5s",
		},
		{
			name:     "authorization_pending with an interval of 2^31-1 s",
			answers:  []error{&devicecode.OAuthError{Code: "authorization_pending", StatusCode: 400, Interval: 2147483647 * time.Second}},
			wantSent: secs(5),
			wantText: "the server asked for a 596523h14m7s interval, past the code's expiry in 5s",
		},
		{
			// The engine's own backoff and a 503's Retry-After are cut
			// to end at the expiry: one last poll there.
			name:     "503 with a Retry-After of 126 years",
			answers:  []error{&devicecode.HTTPError{StatusCode: 503, RetryAfter: 4000000000 * time.Second}, pending},
			wantSent: secs(5, 10),
			wantText: "it expired at",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := autoClock()
			s := &script{clk: clk, answers: tt.answers}
			var events []devicecode.Event
			observe := func(_ context.Context, e devicecode.Event) { events = append(events, e) }
			p, err := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 10*time.Second), s.poll,
				devicecode.WithClock(clk), devicecode.WithObserver(observe), devicecode.WithJitter(maxJitter))
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Wait(ctxTimeout(t))
			if !errors.Is(err, devicecode.ErrExpiredToken) || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("Wait: %v\nwant ErrExpiredToken saying %q", err, tt.wantText)
			}
			if got := s.times(); !slices.Equal(got, tt.wantSent) {
				t.Errorf("polls sent at %v, want %v", got, tt.wantSent)
			}
			if end := clk.Now().Sub(t0); end > 10*time.Second {
				t.Errorf("the flow ended %s after its start, past the code's 10 s", end)
			}
			// No "retrying in …" or "polling every …" for a poll that
			// will not be sent.
			for _, e := range events {
				if e.Kind != devicecode.EventPoll && e.Wait > 10*time.Second {
					t.Errorf("event %s announces a wait of %s", e.Kind, e.Wait)
				}
			}
			// The ended flow sends nothing more.
			if _, err := p.PollOnce(ctxTimeout(t)); !errors.Is(err, devicecode.ErrExpiredToken) {
				t.Errorf("PollOnce after the end: %v", err)
			}
			if got := s.times(); len(got) != len(tt.wantSent) {
				t.Errorf("PollOnce after the end sent a poll")
			}
		})
	}
}

// TestNoRetryNotePastExpiry: a transient failure whose retry would fall
// past the expiry ends the flow without an EventRetry: the CLI would
// print "retrying in 5s" just before "expired".
func TestNoRetryNotePastExpiry(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{pending, devicecode.ErrTransient}}
	var kinds []devicecode.EventKind
	observe := func(_ context.Context, e devicecode.Event) { kinds = append(kinds, e.Kind) }
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 12*time.Second), s.poll,
		devicecode.WithClock(clk), devicecode.WithObserver(observe), devicecode.WithExpiryWarning(0))
	if _, err := p.Wait(ctxTimeout(t)); !errors.Is(err, devicecode.ErrExpiredToken) {
		t.Fatalf("Wait: %v", err)
	}
	for _, k := range kinds {
		if k == devicecode.EventRetry {
			t.Errorf("events %v: a retry announced that never came", kinds)
		}
	}
}

// TestPollOnceAbsurdInterval: a backend polling with PollOnce sees the
// end at the answer that asked for the absurd wait, not ErrTooEarly for
// 27 hours.
func TestPollOnceAbsurdInterval(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk, answers: []error{&devicecode.OAuthError{Code: "slow_down", StatusCode: 400, Interval: 100000 * time.Second}}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 10*time.Second), s.poll, devicecode.WithClock(clk))
	clk.Advance(5 * time.Second)
	for i := range 2 {
		_, err := p.PollOnce(ctxTimeout(t))
		if !errors.Is(err, devicecode.ErrExpiredToken) || devicecode.IsPending(err) {
			t.Fatalf("call %d: PollOnce = %v, want the end (ErrExpiredToken)", i, err)
		}
	}
	if n := len(s.times()); n != 1 {
		t.Errorf("%d polls sent, want 1", n)
	}
}

// TestResumeTampered: saved States that would outlive their code, or
// that cannot say when it expires.
func TestResumeTampered(t *testing.T) {
	dc := newDeviceCode(t0, time.Second, 3*time.Second)
	base := devicecode.State{DeviceCode: *dc, ExpiresAt: dc.ExpiresAt, Interval: 5 * time.Second, NextPollAt: t0.Add(time.Second)}
	tests := []struct {
		name     string
		edit     func(*devicecode.State)
		at       time.Duration // resumed this long after t0
		wantSent int
		wantText string
	}{
		{"next poll in the year 9999", func(s *devicecode.State) {
			s.NextPollAt = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		}, 0, 0, "the next poll is due at 9999-12-31T00:00:00Z"},
		{"a one-day interval for a 3 s code", func(s *devicecode.State) { s.Interval = 24 * time.Hour }, 0, 1,
			"the next poll is due one 24h0m0s interval later"},
		{"expired an hour ago", func(*devicecode.State) {}, time.Hour, 0, "59m57s ago; 0 polls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := base
			tt.edit(&st)
			st = roundTrip(t, st)
			clk := autoClock()
			clk.Advance(tt.at)
			s := &script{clk: clk, answers: []error{pending, pending}}
			p, err := devicecode.ResumePoller(st, s.poll, devicecode.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Wait(ctxTimeout(t))
			if !errors.Is(err, devicecode.ErrExpiredToken) || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("Wait: %v\nwant ErrExpiredToken saying %q", err, tt.wantText)
			}
			if n := len(s.times()); n != tt.wantSent {
				t.Errorf("%d polls sent, want %d", n, tt.wantSent)
			}
			if end := clk.Now(); end.After(st.ExpiresAt) && tt.at == 0 {
				t.Errorf("the flow ended at %s, past the code's expiry", end.Sub(t0))
			}
		})
	}
}

// TestStateNeedsExpiry: a State that cannot say when its code expires is
// refused with a *StateError naming expires_at, when read and when
// resumed.
func TestStateNeedsExpiry(t *testing.T) {
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	saved, _ := json.Marshal(devicecode.State{DeviceCode: *dc, ExpiresAt: dc.ExpiresAt, NextPollAt: t0})
	for name, edit := range map[string]func(map[string]any){
		"absent":       func(m map[string]any) { delete(m, "expires_at") },
		"null":         func(m map[string]any) { m["expires_at"] = nil },
		"unparsable":   func(m map[string]any) { m["expires_at"] = "soon" },
		"not a string": func(m map[string]any) { m["expires_at"] = 900 },
	} {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			_ = json.Unmarshal(saved, &m)
			edit(m)
			b, _ := json.Marshal(m)
			var st devicecode.State
			err := json.Unmarshal(b, &st)
			var se *devicecode.StateError
			if !errors.As(err, &se) || se.Field != "/expires_at" || se.Vendor != dc.Vendor {
				t.Fatalf("Unmarshal: %v, want a *StateError for expires_at", err)
			}
		})
	}
	t.Run("resumed without", func(t *testing.T) {
		s := &script{clk: autoClock()}
		_, err := devicecode.ResumePoller(devicecode.State{DeviceCode: *dc}, s.poll)
		var se *devicecode.StateError
		if !errors.As(err, &se) || se.Field != "/expires_at" {
			t.Fatalf("ResumePoller: %v, want a *StateError for expires_at", err)
		}
	})
	t.Run("later than the device code's", func(t *testing.T) {
		s := &script{clk: autoClock()}
		_, err := devicecode.ResumePoller(devicecode.State{DeviceCode: *dc, ExpiresAt: dc.ExpiresAt.Add(time.Hour)}, s.poll)
		var se *devicecode.StateError
		if !errors.As(err, &se) || se.Field != "/expires_at" {
			t.Fatalf("ResumePoller: %v, want a *StateError for expires_at", err)
		}
	})
}

// TestResumeOrigin: a State belongs to the server and client that issued
// its code; resumed by a Poller of another origin it is refused before
// any request.
func TestResumeOrigin(t *testing.T) {
	a := devicecode.Origin{Instance: "https://a.example.com", ClientID: "app"}
	b := devicecode.Origin{Instance: "https://b.example.com", ClientID: "app"}
	clk := autoClock()
	s := &script{clk: clk, answers: []error{pending}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, time.Minute), s.poll,
		devicecode.WithClock(clk), devicecode.WithOrigin(a))
	st := roundTrip(t, p.State())
	if st.Origin != a {
		t.Fatalf("saved origin %v, want %v", st.Origin, a)
	}
	for _, other := range []devicecode.Origin{b, {Instance: a.Instance, ClientID: "other"}, {}} {
		_, err := devicecode.ResumePoller(st, s.poll, devicecode.WithClock(clk), devicecode.WithOrigin(other))
		var se *devicecode.StateError
		if !errors.As(err, &se) || se.Field != "/origin" || !strings.Contains(err.Error(), "a.example.com") {
			t.Errorf("resumed on %v: %v, want a *StateError for origin", other, err)
		}
	}
	if _, err := devicecode.ResumePoller(st, s.poll, devicecode.WithClock(clk), devicecode.WithOrigin(a)); err != nil {
		t.Errorf("resumed on its own origin: %v", err)
	}
	if n := len(s.times()); n != 0 {
		t.Errorf("%d polls sent, want 0", n)
	}
}

// roundTrip saves st as JSON and reads it back, as a restart would.
func roundTrip(t *testing.T, st devicecode.State) devicecode.State {
	t.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var back devicecode.State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	return back
}
