package devicecode_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func TestPollOnce(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk, answers: []error{slowDown, pending, nil}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 15*time.Minute), s.poll, devicecode.WithClock(clk))
	ctx := ctxTimeout(t)
	steps := []struct {
		advance  time.Duration
		wantErr  error
		wantNext time.Duration // NextPollAt after the call, from t0
	}{
		{0, devicecode.ErrTooEarly, 5 * time.Second},
		{5 * time.Second, devicecode.ErrSlowDown, 15 * time.Second},
		{5 * time.Second, devicecode.ErrTooEarly, 15 * time.Second},
		{5 * time.Second, devicecode.ErrAuthorizationPending, 25 * time.Second},
		{10 * time.Second, nil, 25 * time.Second},
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		tok, err := p.PollOnce(ctx)
		if !errors.Is(err, st.wantErr) || (st.wantErr == nil && tok != "token") {
			t.Fatalf("step %d: PollOnce = %q, %v; want %v", i, tok, err, st.wantErr)
		}
		if got := p.State().NextPollAt.Sub(t0); got != st.wantNext {
			t.Errorf("step %d: next poll at %s, want %s", i, got, st.wantNext)
		}
	}
	if n := len(s.times()); n != 3 {
		t.Errorf("%d polls sent, want 3", n)
	}
}

func TestPollOnceAfterFinalPoll(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk, answers: []error{pending}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 5*time.Second), s.poll, devicecode.WithClock(clk))
	clk.Advance(5 * time.Second)
	for i := range 2 {
		if _, err := p.PollOnce(ctxTimeout(t)); !errors.Is(err, devicecode.ErrExpiredToken) {
			t.Fatalf("call %d: err = %v, want ErrExpiredToken", i, err)
		}
		clk.Advance(time.Minute)
	}
	if n := len(s.times()); n != 1 {
		t.Errorf("%d polls sent, want exactly one last poll", n)
	}
}

// TestResume saves the state after a slow_down, "restarts", and checks that
// the resumed poller keeps the raised interval and the due time.
func TestResume(t *testing.T) {
	clk := newManualClock()
	s := &script{clk: clk, answers: []error{slowDown, pending, nil}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 15*time.Minute), s.poll, devicecode.WithClock(clk))
	clk.Advance(5 * time.Second)
	if _, err := p.PollOnce(ctxTimeout(t)); !errors.Is(err, devicecode.ErrSlowDown) {
		t.Fatal(err)
	}
	saved, err := json.Marshal(p.State())
	if err != nil {
		t.Fatal(err)
	}
	var st devicecode.State
	if err := json.Unmarshal(saved, &st); err != nil {
		t.Fatalf("%v\n%s", err, saved)
	}
	if st.Interval != 10*time.Second || st.DeviceCode.DeviceCode != newDeviceCode(t0, 0, 0).DeviceCode ||
		!st.NextPollAt.Equal(t0.Add(15*time.Second)) || !st.ExpiresAt.Equal(t0.Add(15*time.Minute)) || st.Polls != 1 {
		t.Fatalf("resumed state %v", st)
	}
	auto := autoClock()
	auto.Advance(5 * time.Second) // the restart took no longer than the wait
	s.clk = auto
	r, _ := devicecode.ResumePoller(st, s.poll, devicecode.WithClock(auto))
	if tok, err := r.Wait(ctxTimeout(t)); err != nil || tok != "token" {
		t.Fatalf("Wait = %q, %v", tok, err)
	}
	if got, want := s.times(), secs(5, 15, 25); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("polls at %v, want %v", got, want)
	}
}

func TestStateRedacts(t *testing.T) {
	clk := newManualClock()
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	p, _ := devicecode.NewPoller(dc, (&script{clk: clk}).poll, devicecode.WithClock(clk))
	st := p.State()
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("state", "state", st)
	outputs := []string{fmt.Sprint(st), fmt.Sprintf("%+v", st), fmt.Sprintf("%#v", st), logs.String()}
	for _, out := range outputs {
		if strings.Contains(out, dc.DeviceCode) {
			t.Errorf("device code shown: %s", out)
		}
	}
}

func TestLoggerRedacts(t *testing.T) {
	clk := autoClock()
	ts, srv := newTokenServer(t, clk, gitlabError("slow_down"), htmlReply(503), gitlabToken)
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	dc := newDeviceCode(t0, 5*time.Second, 15*time.Minute)
	tok, err := run(t, dc, publicPoller(srv, clk), devicecode.WithClock(clk), devicecode.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	t.Logf("%d requests, log:\n%s", len(ts.requests()), out)
	for _, secret := range []string{dc.DeviceCode, tok.AccessToken} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows a secret %q", secret)
		}
	}
	for _, want := range []string{"devicecode: poll", "devicecode: slow_down", "devicecode: retry"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// TestPollerRedacts: a Poller holds the device code in its state, which
// fmt would print field by field.
func TestPollerRedacts(t *testing.T) {
	clk := newManualClock()
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	p, _ := devicecode.NewPoller(dc, (&script{clk: clk}).poll, devicecode.WithClock(clk))
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(f, p); strings.Contains(out, dc.DeviceCode) {
			t.Errorf("%s shows the device code: %s", f, out)
		}
	}
}

// A saved state with a member twice (a shorter interval smuggled in after
// the real one) is refused rather than read with the last value winning.
func TestStateRefusesDuplicates(t *testing.T) {
	saved, err := json.Marshal(devicecode.State{DeviceCode: *newDeviceCode(t0, 5*time.Second, time.Minute),
		Interval: 10 * time.Second, NextPollAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	for _, smuggled := range []string{`"interval":1`, `"INTERVAL":1`} {
		tampered := append([]byte(`{`+smuggled+`,`), saved[1:]...)
		var st devicecode.State
		if err := json.Unmarshal(tampered, &st); err == nil || !strings.Contains(strings.ToLower(err.Error()), "/interval") {
			t.Errorf("Unmarshal(%s…) = %v, want a refusal naming /interval", smuggled, err)
		}
	}
}
