package devicecode_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/normalize"
)

// t0 is the fake time at which every test flow starts.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// newDeviceCode returns a GitLab-like device code issued at now.
func newDeviceCode(now time.Time, interval, expiresIn time.Duration) *normalize.DeviceCode {
	return &normalize.DeviceCode{
		Vendor:                  normalize.GitLab,
		DeviceCode:              "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
		UserCode:                "0A44L90H",
		VerificationURI:         "https://gitlab.example.com/oauth/device",
		VerificationURIComplete: "https://gitlab.example.com/oauth/device?user_code=0A44L90H",
		ExpiresIn:               expiresIn,
		ExpiresAt:               now.Add(expiresIn),
		Interval:                interval,
	}
}

// script is a PollFunc that answers from a list and records, in fake
// time, when each poll was sent. A nil answer is the approval.
type script struct {
	clk     clock.Clock
	mu      sync.Mutex
	answers []error
	sent    []time.Duration // offsets from t0
}

func (s *script) poll(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, s.clk.Now().Sub(t0))
	if len(s.answers) == 0 {
		return "", errors.New("script exhausted")
	}
	err := s.answers[0]
	s.answers = s.answers[1:]
	if err != nil {
		return "", err
	}
	return "token", nil
}

func (s *script) times() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.sent...)
}

func secs(ss ...float64) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = time.Duration(s * float64(time.Second))
	}
	return out
}

func oauthErr(code string) error { return &devicecode.OAuthError{Code: code, StatusCode: 400} }

var (
	pending  = oauthErr("authorization_pending")
	slowDown = oauthErr("slow_down")
)

// maxJitter makes the backoff deterministic: always the top of the range.
func maxJitter(n time.Duration) time.Duration { return n }

func autoClock() *fakeclock.Clock { return fakeclock.NewAuto(t0) }

func newManualClock() *fakeclock.Clock { return fakeclock.New(t0) }

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
