package devicetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

const cohesityTokenPath = "/v2/data-protect/sources/microsoft365/auth/token"

// cohesityFlow signs in with the real Cohesity client against a fake on
// the auto-advancing fake clock, approving at once if asked, with the
// backoff's jitter fixed. The classifier knows the fake's refusal code, as an integrator's would.
func cohesityFlow(t *testing.T, o devicetest.CohesityOptions, approve bool) (*devicetest.CohesityServer, error) {
	t.Helper()
	clk := fakeclock.NewAuto(t0)
	o.Clock = clk
	fake := devicetest.NewCohesity(o)
	t.Cleanup(fake.Close)
	classify := func(e *cohesity.Error) error {
		if e.ErrorCode == devicetest.CohesityDeniedCode {
			return devicecode.ErrAccessDenied
		}
		return cohesity.DefaultClassifier(e)
	}
	c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey, Classify: classify,
		Domain: "contoso.onmicrosoft.com"},
		devicecode.WithClock(clk), devicecode.WithJitter(fullJitter))
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
	if approve {
		if err := fake.Approve(dc.UserCode); err != nil {
			t.Fatal(err)
		}
	}
	_, err = fl.Wait(ctx)
	return fake, err
}

// cohesityPolls lists when the token poll was asked, as offsets from t0,
// and what it answered (0: the connection was dropped).
func cohesityPolls(fake *devicetest.CohesityServer) string {
	var out []string
	for _, r := range fake.Requests() {
		if r.Path == cohesityTokenPath {
			out = append(out, fmt.Sprintf("%s:%d", r.At.Sub(t0), r.Status))
		}
	}
	return fmt.Sprint(out)
}

// Every shared Answer, in Cohesity's words, through the real client.
func TestCohesityScript(t *testing.T) {
	script := func(a ...devicetest.Answer) []devicetest.Answer { return a }
	for _, tt := range []struct {
		name    string
		opts    devicetest.CohesityOptions
		approve bool
		ok      func(error) bool
		polls   string
	}{
		{"pending twice, then approved", devicetest.CohesityOptions{Script: script(devicetest.Pending, devicetest.Pending)},
			true, succeeded, "[5s:400 10s:400 15s:201]"},
		{"slow_down is Helios' 429: Retry-After waited out", devicetest.CohesityOptions{Script: script(devicetest.SlowDown), RetryAfter: 20 * time.Second},
			true, succeeded, "[5s:429 25s:201]"},
		{"429 with Retry-After", devicetest.CohesityOptions{Script: script(devicetest.TooMany), RetryAfter: 20 * time.Second},
			true, succeeded, "[5s:429 25s:201]"},
		{"503 with Retry-After", devicetest.CohesityOptions{Script: script(devicetest.Unavailable), RetryAfter: 20 * time.Second},
			true, succeeded, "[5s:503 25s:201]"},
		{"a dropped connection is retried", devicetest.CohesityOptions{Script: script(devicetest.Drop)},
			true, succeeded, "[5s:0 15s:201]"},
		{"a slow answer: the next poll is timed from its receipt", devicetest.CohesityOptions{Script: script(devicetest.Slow), SlowBy: 3 * time.Second},
			true, succeeded, "[5s:400 13s:201]"},
		// DefaultClassifier: an Error body with a 2xx other than 201 is
		// off-contract and ends the flow.
		{"the pending Error body with HTTP 200 ends the flow", devicetest.CohesityOptions{Script: script(devicetest.PendingOK)},
			true, statusError(http.StatusOK), "[5s:200]"},
		{"interval omitted: 5 s", devicetest.CohesityOptions{OmitInterval: true, Interval: 30 * time.Second, Script: script(devicetest.Pending)},
			true, succeeded, "[5s:400 10s:201]"},
		{"a person approves after 12 s", devicetest.CohesityOptions{Person: devicetest.ApproveAfter(12 * time.Second)},
			false, succeeded, "[5s:400 10s:400 15s:201]"},
		{"a person declines after 7 s", devicetest.CohesityOptions{Person: devicetest.DenyAfter(7 * time.Second)},
			false, is(devicecode.ErrAccessDenied), "[5s:400 10s:400]"},
		{"expiry", devicetest.CohesityOptions{Lifetime: 20 * time.Second},
			false, is(devicecode.ErrExpiredToken), "[5s:400 10s:400 15s:400 20s:400]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, err := cohesityFlow(t, tt.opts, tt.approve)
			if !tt.ok(err) {
				t.Errorf("Wait = %v", err)
			}
			if got := cohesityPolls(fake); got != tt.polls {
				t.Errorf("polls %s, want %s", got, tt.polls)
			}
		})
	}
}

func succeeded(err error) bool { return err == nil }

// fullJitter makes the backoff after a dropped connection deterministic:
// the whole of its random half.
func fullJitter(n time.Duration) time.Duration { return n }

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func statusError(status int) func(error) bool {
	return func(err error) bool {
		var e *cohesity.Error
		return errors.As(err, &e) && e.StatusCode == status
	}
}
