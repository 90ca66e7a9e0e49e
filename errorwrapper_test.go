package devicecode_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

// prefix is a vendor's error wording.
func prefix(p string) devicecode.Option {
	return devicecode.WithErrorWrapper(func(err error) error { return fmt.Errorf("%s: %w", p, err) })
}

// TestErrorWrapper: every error of Wait and PollOnce, the engine's own
// included, goes through the wrappers, in order, once; the schedule still
// sees the poll's error (a wrapped pending is still pending).
func TestErrorWrapper(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk, answers: []error{pending, oauthErr("access_denied")}}
	p, err := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, time.Minute), s.poll,
		devicecode.WithClock(clk), prefix("inner"), prefix("outer"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxTimeout(t)
	_, err = p.PollOnce(ctx)
	wantWrapped(t, err, devicecode.ErrTooEarly)
	clk.Advance(5 * time.Second)
	_, err = p.PollOnce(ctx)
	wantWrapped(t, err, devicecode.ErrAuthorizationPending)
	if got := p.State().NextPollAt; !got.Equal(t0.Add(10 * time.Second)) {
		t.Errorf("NextPollAt = %s, want t0+10s: pending kept the schedule", got.Sub(t0))
	}
	clk.Advance(5 * time.Second)
	_, err = p.Wait(ctx)
	wantWrapped(t, err, devicecode.ErrAccessDenied)
}

func wantWrapped(t *testing.T, err, sentinel error) {
	t.Helper()
	if !errors.Is(err, sentinel) || !strings.HasPrefix(fmt.Sprint(err), "outer: inner: ") ||
		strings.Count(err.Error(), "outer: ") != 1 {
		t.Errorf("err = %v, want %v wrapped once by inner then outer", err, sentinel)
	}
}

func TestIsPending(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{pending, true},
		{slowDown, true},
		{fmt.Errorf("v: %w", devicecode.ErrTooEarly), true},
		{&devicecode.HTTPError{StatusCode: http.StatusServiceUnavailable}, true},
		{fmt.Errorf("stopped waiting: %w", canceled.Err()), true},
		{context.DeadlineExceeded, true},
		{oauthErr("access_denied"), false},
		{oauthErr("expired_token"), false},
		{oauthErr("invalid_grant"), false},
		{&devicecode.HTTPError{StatusCode: http.StatusForbidden}, false},
		{devicecode.ErrInvalidResponse, false},
		// A local expiry names its last answer but ends the flow.
		{fmt.Errorf("%w (the last answer: %w)", devicecode.ErrExpiredToken, devicecode.ErrAuthorizationPending), false},
	}
	for _, tt := range tests {
		if got := devicecode.IsPending(tt.err); got != tt.want {
			t.Errorf("IsPending(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
