package devicetest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// gitlabFlow signs in against a fake GitLab on the auto-advancing fake
// clock, approving once `approveAt` polls were answered by the script.
func gitlabFlow(t *testing.T, opts devicetest.Options, decide func(s *devicetest.Server, userCode string)) (*devicetest.Server, error) {
	t.Helper()
	clk := fakeclock.NewAuto(t0)
	opts.Clock = clk
	s := devicetest.NewGitLab(opts)
	t.Cleanup(s.Close)
	c, err := gitlab.New(gitlab.Config{BaseURL: s.URL, ClientID: "app", Scopes: []string{"read_user"}}, devicecode.WithClock(clk), devicecode.WithHTTPClient(s.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if decide != nil {
		decide(s, dc.UserCode)
	}
	_, err = fl.Wait(ctx)
	return s, err
}

// polls lists when the token endpoint was asked, as offsets from t0, and
// what it answered.
func polls(s *devicetest.Server) []string {
	var out []string
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/token") {
			out = append(out, fmt.Sprintf("%s:%d", r.At.Sub(t0), r.Status))
		}
	}
	return out
}

func TestGitLabFake(t *testing.T) {
	approve := func(s *devicetest.Server, uc string) {
		if err := s.Approve(uc); err != nil {
			t.Fatal(err)
		}
	}
	deny := func(s *devicetest.Server, uc string) { _ = s.Deny(uc) }
	for _, tt := range []struct {
		name   string
		opts   devicetest.Options
		decide func(*devicetest.Server, string)
		want   error
		polls  string
	}{
		{"approved", devicetest.Options{}, approve, nil, "[5s:200]"},
		{"pending twice, slow_down, then approved", devicetest.Options{Script: []devicetest.Answer{devicetest.Pending, devicetest.Pending, devicetest.SlowDown}},
			approve, nil, "[5s:400 10s:400 15s:400 25s:200]"},
		{"interval omitted", devicetest.Options{OmitInterval: true, Interval: 30 * time.Second}, approve, nil, "[5s:200]"},
		{"503 with Retry-After, a dropped connection, an error with 200", devicetest.Options{
			Script:     []devicetest.Answer{devicetest.Unavailable, devicetest.Drop, devicetest.PendingOK},
			RetryAfter: 20 * time.Second}, approve, nil, ""},
		{"slow answers: the next poll is timed from their receipt", devicetest.Options{Script: []devicetest.Answer{devicetest.Slow, devicetest.Slow},
			SlowBy: 3 * time.Second}, approve, nil, "[5s:400 13s:400 21s:200]"},
		{"denied", devicetest.Options{}, deny, devicecode.ErrAccessDenied, "[5s:400]"},
		{"expired", devicetest.Options{Lifetime: 20 * time.Second}, nil, devicecode.ErrExpiredToken, "[5s:400 10s:400 15s:400 20s:400]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := gitlabFlow(t, tt.opts, tt.decide)
			if (tt.want == nil && err != nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("Wait = %v, want %v", err, tt.want)
			}
			if got := fmt.Sprint(polls(s)); tt.polls != "" && got != tt.polls {
				t.Errorf("polls %s, want %s", got, tt.polls)
			}
			t.Logf("polls %v", polls(s))
		})
	}
}

func TestApproveUnknownCode(t *testing.T) {
	s := devicetest.NewGitLab(devicetest.Options{})
	defer s.Close()
	if err := s.Approve("NOPE-NOPE"); !errors.Is(err, devicetest.ErrUnknownUserCode) {
		t.Fatalf("Approve = %v", err)
	}
}
