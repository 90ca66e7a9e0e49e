package devicecode_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

// TestExpiryWarningFiresOnce: many polls fall inside the warning window,
// but EventExpiryWarning fires exactly once, at the first poll whose
// answer (not whose request) arrives within the window, with the lifetime
// left at that answer.
func TestExpiryWarningFiresOnce(t *testing.T) {
	tests := []struct {
		name      string
		interval  time.Duration
		latency   time.Duration // how long each poll takes, in fake time
		wantSent  []time.Duration
		wantPoll  int           // Attempt of the warning
		wantLeft  time.Duration // Remaining of the warning
		wantFired time.Duration // fake time of the warning, from t0
	}{
		{
			// Receipts at 5, 10, …; 60 s is the first with ≤ 1 min left.
			name:     "window edge on a poll",
			interval: 5 * time.Second,
			wantSent: secs(5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80,
				85, 90, 95, 100, 105, 110, 115, 120),
			wantPoll: 12, wantLeft: 60 * time.Second, wantFired: 60 * time.Second,
		},
		{
			// The next poll would come one interval after 119 s, past
			// expiry: the engine never polls sooner than the interval, nor
			// after the expiry, so the flow ends at 119 s.
			name:     "window edge between polls",
			interval: 7 * time.Second,
			wantSent: secs(7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98, 105, 112, 119),
			wantPoll: 9, wantLeft: 57 * time.Second, wantFired: 63 * time.Second,
		},
		{
			// The fifth poll is sent at 58 s (62 s left) but answered at
			// 60 s (60 s left): the receipt decides.
			name:     "slow server",
			interval: 10 * time.Second,
			latency:  2 * time.Second,
			wantSent: secs(10, 22, 34, 46, 58, 70, 82, 94, 106, 118),
			wantPoll: 5, wantLeft: 60 * time.Second, wantFired: 60 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := autoClock()
			s := &script{clk: clk}
			for range 100 {
				s.answers = append(s.answers, pending)
			}
			poll := func(ctx context.Context) (string, error) {
				v, err := s.poll(ctx)
				clk.Advance(tt.latency)
				return v, err
			}
			type seen struct {
				e  devicecode.Event
				at time.Duration
			}
			var warnings []seen
			polls := 0
			observe := func(_ context.Context, e devicecode.Event) {
				switch e.Kind {
				case devicecode.EventPoll:
					polls++
				case devicecode.EventExpiryWarning:
					warnings = append(warnings, seen{e, clk.Now().Sub(t0)})
				}
			}
			p, err := devicecode.NewPoller(newDeviceCode(t0, tt.interval, 120*time.Second), poll,
				devicecode.WithClock(clk), devicecode.WithObserver(observe),
				devicecode.WithExpiryWarning(time.Minute), devicecode.WithJitter(maxJitter))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Wait(ctxTimeout(t)); !errors.Is(err, devicecode.ErrExpiredToken) {
				t.Fatalf("err = %v, want ErrExpiredToken", err)
			}
			if got := s.times(); !slices.Equal(got, tt.wantSent) {
				t.Errorf("polls sent at %v, want %v", got, tt.wantSent)
			}
			// Several polls answered inside the window, so a warning per
			// poll would be visible here.
			inWindow := polls - tt.wantPoll
			if inWindow < 3 {
				t.Fatalf("only %d polls after the warning; the test proves nothing", inWindow)
			}
			if len(warnings) != 1 {
				attempts := make([]int, len(warnings))
				for i, w := range warnings {
					attempts[i] = w.e.Attempt
				}
				t.Fatalf("%d expiry warnings (at polls %v), want exactly 1", len(warnings), attempts)
			}
			w := warnings[0]
			if w.e.Attempt != tt.wantPoll || w.e.Remaining != tt.wantLeft || w.at != tt.wantFired {
				t.Errorf("warning at poll %d, %s left, fired at %s; want poll %d, %s left, at %s",
					w.e.Attempt, w.e.Remaining, w.at, tt.wantPoll, tt.wantLeft, tt.wantFired)
			}
			if w.e.Interval != tt.interval || w.e.Err != nil {
				t.Errorf("warning %+v: want interval %s and no error", w.e, tt.interval)
			}
		})
	}
}

// TestExpiryWarningOncePerPollOnce: a server driving the flow with
// PollOnce gets the warning once too, not on every request inside the
// window.
func TestExpiryWarningOncePerPollOnce(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk}
	for range 100 {
		s.answers = append(s.answers, pending)
	}
	var warnings []devicecode.Event
	observe := func(_ context.Context, e devicecode.Event) {
		if e.Kind == devicecode.EventExpiryWarning {
			warnings = append(warnings, e)
		}
	}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 120*time.Second), s.poll,
		devicecode.WithClock(clk), devicecode.WithObserver(observe), devicecode.WithExpiryWarning(time.Minute))
	ctx := ctxTimeout(t)
	for clk.Now().Sub(t0) < 115*time.Second {
		clk.Advance(p.State().NextPollAt.Sub(clk.Now()))
		if _, err := p.PollOnce(ctx); !errors.Is(err, devicecode.ErrAuthorizationPending) {
			t.Fatalf("PollOnce at %s: %v", clk.Now().Sub(t0), err)
		}
	}
	if len(s.times()) != 23 {
		t.Fatalf("%d polls, want 23", len(s.times()))
	}
	if len(warnings) != 1 || warnings[0].Attempt != 12 || warnings[0].Remaining != time.Minute {
		t.Fatalf("warnings %+v; want one, at poll 12 with 1m0s left", warnings)
	}
}
