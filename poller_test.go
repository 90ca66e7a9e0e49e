package devicecode_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func TestWaitSchedule(t *testing.T) {
	tests := []struct {
		name      string
		interval  time.Duration
		expiresIn time.Duration
		opts      []devicecode.Option
		answers   []error
		wantSent  []time.Duration
		wantErr   error // nil: the token
	}{
		{
			name:     "missing interval defaults to 5s",
			answers:  []error{pending, pending, nil},
			wantSent: secs(5, 10, 15),
		},
		{
			name:     "first poll immediately",
			interval: 5 * time.Second,
			opts:     []devicecode.Option{devicecode.WithPollImmediately()},
			answers:  []error{pending, nil},
			wantSent: secs(0, 5),
		},
		{
			name:     "slow_down is cumulative",
			interval: 5 * time.Second,
			answers:  []error{pending, slowDown, slowDown, pending, nil},
			wantSent: secs(5, 10, 20, 35, 50),
		},
		{
			name:     "slow_down: a larger server interval wins",
			interval: 5 * time.Second,
			answers:  []error{&devicecode.OAuthError{Code: "slow_down", Interval: 30 * time.Second}, pending, nil},
			wantSent: secs(5, 35, 65),
		},
		{
			name:     "slow_down: a larger Retry-After wins",
			interval: 5 * time.Second,
			answers:  []error{&devicecode.OAuthError{Code: "slow_down", RetryAfter: 20 * time.Second}, pending, nil},
			wantSent: secs(5, 25, 45),
		},
		{
			name:     "a smaller server interval never lowers the interval",
			interval: 10 * time.Second,
			answers:  []error{&devicecode.OAuthError{Code: "authorization_pending", Interval: 2 * time.Second}, pending, nil},
			wantSent: secs(10, 20, 30),
		},
		{
			name:     "transient failures back off exponentially up to the ceiling",
			interval: 5 * time.Second,
			opts:     []devicecode.Option{devicecode.WithJitter(maxJitter), devicecode.WithMaxBackoff(30 * time.Second)},
			answers:  []error{devicecode.ErrTransient, devicecode.ErrTransient, devicecode.ErrTransient, devicecode.ErrTransient, pending, nil},
			wantSent: secs(5, 15, 35, 65, 95, 100),
		},
		{
			name:     "backoff jitter never goes below the interval",
			interval: 5 * time.Second,
			opts:     []devicecode.Option{devicecode.WithJitter(func(time.Duration) time.Duration { return 0 })},
			answers:  []error{devicecode.ErrTransient, devicecode.ErrTransient, nil},
			wantSent: secs(5, 10, 20),
		},
		{
			name:     "429 Retry-After replaces the backoff",
			interval: 5 * time.Second,
			answers:  []error{&devicecode.HTTPError{StatusCode: 429, RetryAfter: 7 * time.Second}, nil},
			wantSent: secs(5, 12),
		},
		{
			name:      "backoff is bounded by expiry, then one last poll",
			interval:  5 * time.Second,
			expiresIn: 30 * time.Second,
			answers:   []error{pending, &devicecode.HTTPError{StatusCode: 503, RetryAfter: 100 * time.Second}, pending},
			wantSent:  secs(5, 10, 30),
			wantErr:   devicecode.ErrExpiredToken,
		},
		{
			name:      "a transient failure of the last poll still ends in ErrExpiredToken",
			interval:  5 * time.Second,
			expiresIn: 30 * time.Second,
			answers:   []error{pending, &devicecode.HTTPError{StatusCode: 429, RetryAfter: time.Hour}, devicecode.ErrTransient, nil},
			wantSent:  secs(5, 10, 30),
			wantErr:   devicecode.ErrExpiredToken,
		},
		{
			name:      "a slow_down of the last poll still ends in ErrExpiredToken",
			interval:  5 * time.Second,
			expiresIn: 15 * time.Second,
			answers:   []error{pending, pending, slowDown, nil},
			wantSent:  secs(5, 10, 15),
			wantErr:   devicecode.ErrExpiredToken,
		},
		{
			name:      "local expiry: one last poll, then ErrExpiredToken",
			interval:  5 * time.Second,
			expiresIn: 15 * time.Second,
			answers:   []error{pending, pending, pending},
			wantSent:  secs(5, 10, 15),
			wantErr:   devicecode.ErrExpiredToken,
		},
		{
			name:      "a next poll past the expiry ends the flow at once",
			interval:  5 * time.Second,
			expiresIn: 12 * time.Second,
			answers:   []error{pending, pending},
			wantSent:  secs(5, 10),
			wantErr:   devicecode.ErrExpiredToken,
		},
		{
			name:      "approval seen by the last poll",
			interval:  5 * time.Second,
			expiresIn: 10 * time.Second,
			answers:   []error{pending, nil},
			wantSent:  secs(5, 10),
		},
		{
			name:     "server expired_token",
			interval: 5 * time.Second,
			answers:  []error{pending, oauthErr("expired_token")},
			wantSent: secs(5, 10),
			wantErr:  devicecode.ErrExpiredToken,
		},
		{
			name:     "access_denied ends the flow",
			answers:  []error{oauthErr("access_denied")},
			wantSent: secs(5),
			wantErr:  devicecode.ErrAccessDenied,
		},
		{
			name:     "vendor code mapped by the vendor package",
			opts:     []devicecode.Option{devicecode.WithErrorCodes(map[string]error{"authorization_declined": devicecode.ErrAccessDenied})},
			answers:  []error{pending, oauthErr("authorization_declined")},
			wantSent: secs(5, 10),
			wantErr:  devicecode.ErrAccessDenied,
		},
		{
			name:     "vendor pending code mapped by the vendor package",
			opts:     []devicecode.Option{devicecode.WithErrorCodes(map[string]error{"KeepWaiting": devicecode.ErrAuthorizationPending})},
			answers:  []error{oauthErr("KeepWaiting"), nil},
			wantSent: secs(5, 10),
		},
		{
			name:     "invalid device code",
			answers:  []error{oauthErr("invalid_grant")},
			wantSent: secs(5),
			wantErr:  devicecode.ErrInvalidDeviceCode,
		},
		{
			name:     "unsupported",
			answers:  []error{oauthErr("unauthorized_client")},
			wantSent: secs(5),
			wantErr:  devicecode.ErrDeviceFlowUnsupported,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := autoClock()
			s := &script{clk: clk, answers: tt.answers}
			dc := newDeviceCode(t0, tt.interval, orDefault(tt.expiresIn, 15*time.Minute))
			opts := append([]devicecode.Option{devicecode.WithClock(clk)}, tt.opts...)
			p, err := devicecode.NewPoller(dc, s.poll, opts...)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := p.Wait(ctxTimeout(t))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && tok != "token") {
				t.Fatalf("Wait = %q, %v; want error %v", tok, err, tt.wantErr)
			}
			if got := s.times(); !slices.Equal(got, tt.wantSent) {
				t.Errorf("polls sent at %v, want %v", got, tt.wantSent)
			}
		})
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

func TestWaitTerminalKeepsTypedError(t *testing.T) {
	clk := autoClock()
	entra := &devicecode.OAuthError{Code: "invalid_client", StatusCode: 401,
		Extra: map[string]json.RawMessage{"error_codes": json.RawMessage(`[7000215]`)}}
	s := &script{clk: clk, answers: []error{entra}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk))
	_, err := p.Wait(ctxTimeout(t))
	var oe *devicecode.OAuthError
	if !errors.As(err, &oe) || oe != entra || devicecode.IsTransient(err) {
		t.Fatalf("err = %v, want the *OAuthError back, terminal", err)
	}
}

func TestWaitCancelDuringSleep(t *testing.T) {
	for _, cause := range []error{context.Canceled, context.DeadlineExceeded} {
		t.Run(cause.Error(), func(t *testing.T) {
			clk := newManualClock()
			s := &script{clk: clk, answers: []error{pending}}
			p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk))
			ctx, cancel := context.WithCancelCause(context.Background())
			done := make(chan error, 1)
			go func() { _, err := p.Wait(ctx); done <- err }()
			if err := clk.BlockUntil(ctxTimeout(t), 1); err != nil {
				t.Fatal(err)
			}
			cancel(cause)
			err := <-done
			if !errors.Is(err, context.Canceled) || errors.Is(err, devicecode.ErrExpiredToken) {
				t.Fatalf("err = %v, want the context's error, not an expiry", err)
			}
			if n := len(s.times()); n != 0 {
				t.Errorf("%d polls sent, want 0", n)
			}
		})
	}
}

func TestWaitDeadlineIsNotExpiry(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{pending}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk))
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := p.Wait(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, devicecode.ErrExpiredToken) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestObserverEvents(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{slowDown, devicecode.ErrTransient, pending, pending}}
	var kinds []devicecode.EventKind
	observe := func(_ context.Context, e devicecode.Event) { kinds = append(kinds, e.Kind) }
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, 45*time.Second), s.poll, devicecode.WithClock(clk),
		devicecode.WithObserver(observe), devicecode.WithExpiryWarning(20*time.Second), devicecode.WithJitter(maxJitter))
	if _, err := p.Wait(ctxTimeout(t)); !errors.Is(err, devicecode.ErrExpiredToken) {
		t.Fatalf("err = %v", err)
	}
	// Polls at 5 (slow_down → 10 s), 15 (transient → 20 s backoff), 35
	// (pending, 10 s left → warning), 45 (the last poll, at the expiry).
	want := []devicecode.EventKind{
		devicecode.EventPoll, devicecode.EventSlowDown,
		devicecode.EventPoll, devicecode.EventRetry,
		devicecode.EventPoll, devicecode.EventExpiryWarning,
		devicecode.EventPoll,
	}
	if got := s.times(); !slices.Equal(got, secs(5, 15, 35, 45)) {
		t.Errorf("polls sent at %v", got)
	}
	if !slices.Equal(kinds, want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
}

// TestWaitWhileBusyHonoursContext: a second Wait on a poller whose first
// Wait is asleep must still end with its own context, not queue behind
// the first for the rest of the flow.
func TestWaitWhileBusyHonoursContext(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk, answers: []error{pending}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk))
	first, cancelFirst := context.WithCancel(context.Background())
	defer cancelFirst()
	go func() { _, _ = p.Wait(first) }() // canceled below; its error is not the point
	if err := clk.BlockUntil(ctxTimeout(t), 1); err != nil {
		t.Fatal(err)
	}
	for _, call := range []func(context.Context) (string, error){p.Wait, p.PollOnce} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		done := make(chan error, 1)
		go func() { _, err := call(ctx); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, devicecode.ErrExpiredToken) {
				t.Errorf("err = %v, want the caller's deadline", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a call queued behind a busy poller ignores its context")
		}
		cancel()
	}
	if n := len(s.times()); n != 0 {
		t.Errorf("%d polls sent, want 0", n)
	}
}
