package deviceflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
)

func TestWaitSchedule(t *testing.T) {
	tests := []struct {
		name      string
		interval  time.Duration
		expiresIn time.Duration
		opts      []deviceflow.Option
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
			opts:     []deviceflow.Option{deviceflow.WithPollImmediately()},
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
			answers:  []error{&deviceflow.OAuthError{Code: "slow_down", Interval: 30 * time.Second}, pending, nil},
			wantSent: secs(5, 35, 65),
		},
		{
			name:     "slow_down: a larger Retry-After wins",
			interval: 5 * time.Second,
			answers:  []error{&deviceflow.OAuthError{Code: "slow_down", RetryAfter: 20 * time.Second}, pending, nil},
			wantSent: secs(5, 25, 45),
		},
		{
			name:     "a smaller server interval never lowers the interval",
			interval: 10 * time.Second,
			answers:  []error{&deviceflow.OAuthError{Code: "authorization_pending", Interval: 2 * time.Second}, pending, nil},
			wantSent: secs(10, 20, 30),
		},
		{
			name:     "transient failures back off exponentially up to the ceiling",
			interval: 5 * time.Second,
			opts:     []deviceflow.Option{deviceflow.WithJitter(maxJitter), deviceflow.WithMaxBackoff(30 * time.Second)},
			answers:  []error{deviceflow.ErrTransient, deviceflow.ErrTransient, deviceflow.ErrTransient, deviceflow.ErrTransient, pending, nil},
			wantSent: secs(5, 15, 35, 65, 95, 100),
		},
		{
			name:     "backoff jitter never goes below the interval",
			interval: 5 * time.Second,
			opts:     []deviceflow.Option{deviceflow.WithJitter(func(time.Duration) time.Duration { return 0 })},
			answers:  []error{deviceflow.ErrTransient, deviceflow.ErrTransient, nil},
			wantSent: secs(5, 10, 20),
		},
		{
			name:     "429 Retry-After replaces the backoff",
			interval: 5 * time.Second,
			answers:  []error{&deviceflow.HTTPError{StatusCode: 429, RetryAfter: 7 * time.Second}, nil},
			wantSent: secs(5, 12),
		},
		{
			name:      "backoff is bounded by expiry, then one last poll",
			interval:  5 * time.Second,
			expiresIn: 30 * time.Second,
			answers:   []error{pending, &deviceflow.HTTPError{StatusCode: 503, RetryAfter: 100 * time.Second}, pending},
			wantSent:  secs(5, 10, 30),
			wantErr:   deviceflow.ErrExpiredToken,
		},
		{
			name:      "a transient failure of the last poll still ends in ErrExpiredToken",
			interval:  5 * time.Second,
			expiresIn: 30 * time.Second,
			answers:   []error{pending, &deviceflow.HTTPError{StatusCode: 429, RetryAfter: time.Hour}, deviceflow.ErrTransient, nil},
			wantSent:  secs(5, 10, 30),
			wantErr:   deviceflow.ErrExpiredToken,
		},
		{
			name:      "a slow_down of the last poll still ends in ErrExpiredToken",
			interval:  5 * time.Second,
			expiresIn: 15 * time.Second,
			answers:   []error{pending, pending, slowDown, nil},
			wantSent:  secs(5, 10, 15),
			wantErr:   deviceflow.ErrExpiredToken,
		},
		{
			name:      "local expiry: one last poll, then ErrExpiredToken",
			interval:  5 * time.Second,
			expiresIn: 15 * time.Second,
			answers:   []error{pending, pending, pending},
			wantSent:  secs(5, 10, 15),
			wantErr:   deviceflow.ErrExpiredToken,
		},
		{
			name:      "a next poll past the expiry ends the flow at once",
			interval:  5 * time.Second,
			expiresIn: 12 * time.Second,
			answers:   []error{pending, pending},
			wantSent:  secs(5, 10),
			wantErr:   deviceflow.ErrExpiredToken,
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
			wantErr:  deviceflow.ErrExpiredToken,
		},
		{
			name:     "access_denied ends the flow",
			answers:  []error{oauthErr("access_denied")},
			wantSent: secs(5),
			wantErr:  deviceflow.ErrAccessDenied,
		},
		{
			name:     "vendor code mapped by the vendor package",
			opts:     []deviceflow.Option{deviceflow.WithErrorCodes(map[string]error{"authorization_declined": deviceflow.ErrAccessDenied})},
			answers:  []error{pending, oauthErr("authorization_declined")},
			wantSent: secs(5, 10),
			wantErr:  deviceflow.ErrAccessDenied,
		},
		{
			name:     "vendor pending code mapped by the vendor package",
			opts:     []deviceflow.Option{deviceflow.WithErrorCodes(map[string]error{"KeepWaiting": deviceflow.ErrAuthorizationPending})},
			answers:  []error{oauthErr("KeepWaiting"), nil},
			wantSent: secs(5, 10),
		},
		{
			name:     "invalid device code",
			answers:  []error{oauthErr("invalid_grant")},
			wantSent: secs(5),
			wantErr:  deviceflow.ErrInvalidDeviceCode,
		},
		{
			name:     "unsupported",
			answers:  []error{oauthErr("unauthorized_client")},
			wantSent: secs(5),
			wantErr:  deviceflow.ErrDeviceFlowUnsupported,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := autoClock()
			s := &script{clk: clk, answers: tt.answers}
			dc := newDeviceCode(t0, tt.interval, orDefault(tt.expiresIn, 15*time.Minute))
			opts := append([]deviceflow.Option{deviceflow.WithClock(clk)}, tt.opts...)
			p, err := deviceflow.NewPoller(dc, s.poll, opts...)
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
	entra := &deviceflow.OAuthError{Code: "invalid_client", StatusCode: 401,
		Extra: map[string]json.RawMessage{"error_codes": json.RawMessage(`[7000215]`)}}
	s := &script{clk: clk, answers: []error{entra}}
	p, _ := deviceflow.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, deviceflow.WithClock(clk))
	_, err := p.Wait(ctxTimeout(t))
	var oe *deviceflow.OAuthError
	if !errors.As(err, &oe) || oe != entra || deviceflow.IsTransient(err) {
		t.Fatalf("err = %v, want the *OAuthError back, terminal", err)
	}
}

func TestWaitCancelDuringSleep(t *testing.T) {
	for _, cause := range []error{context.Canceled, context.DeadlineExceeded} {
		t.Run(cause.Error(), func(t *testing.T) {
			clk := newManualClock()
			s := &script{clk: clk, answers: []error{pending}}
			p, _ := deviceflow.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, deviceflow.WithClock(clk))
			ctx, cancel := context.WithCancelCause(context.Background())
			done := make(chan error, 1)
			go func() { _, err := p.Wait(ctx); done <- err }()
			if err := clk.BlockUntil(ctxTimeout(t), 1); err != nil {
				t.Fatal(err)
			}
			cancel(cause)
			err := <-done
			if !errors.Is(err, context.Canceled) || errors.Is(err, deviceflow.ErrExpiredToken) {
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
	p, _ := deviceflow.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, deviceflow.WithClock(clk))
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := p.Wait(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, deviceflow.ErrExpiredToken) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestObserverEvents(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{slowDown, deviceflow.ErrTransient, pending, pending}}
	var kinds []deviceflow.EventKind
	observe := func(_ context.Context, e deviceflow.Event) { kinds = append(kinds, e.Kind) }
	p, _ := deviceflow.NewPoller(newDeviceCode(t0, 0, 45*time.Second), s.poll, deviceflow.WithClock(clk),
		deviceflow.WithObserver(observe), deviceflow.WithExpiryWarning(20*time.Second), deviceflow.WithJitter(maxJitter))
	if _, err := p.Wait(ctxTimeout(t)); !errors.Is(err, deviceflow.ErrExpiredToken) {
		t.Fatalf("err = %v", err)
	}
	// Polls at 5 (slow_down → 10 s), 15 (transient → 20 s backoff), 35
	// (pending, 10 s left → warning), 45 (the last poll, at the expiry).
	want := []deviceflow.EventKind{
		deviceflow.EventPoll, deviceflow.EventSlowDown,
		deviceflow.EventPoll, deviceflow.EventRetry,
		deviceflow.EventPoll, deviceflow.EventExpiryWarning,
		deviceflow.EventPoll,
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
	p, _ := deviceflow.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, deviceflow.WithClock(clk))
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
			if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, deviceflow.ErrExpiredToken) {
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
