package devicecode_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

// A poll the server never answers ends at the poll timeout, as a
// connection timeout: the flow backs off and polls again (RFC 8628 §3.5)
// instead of hanging until the caller gives up.
func TestStalledPollTimesOut(t *testing.T) {
	clk := autoClock()
	var deadlines []time.Duration
	polls := 0
	poll := func(ctx context.Context) (string, error) {
		polls++
		d, ok := ctx.Deadline()
		if !ok {
			t.Fatal("a poll without a deadline")
		}
		deadlines = append(deadlines, time.Until(d))
		if polls == 1 {
			<-ctx.Done() // the stalled server
			return "", ctx.Err()
		}
		return "token", nil
	}
	p, err := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 15*time.Minute), poll,
		devicecode.WithClock(clk), devicecode.WithPollTimeout(50*time.Millisecond), devicecode.WithJitter(maxJitter))
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := p.Wait(ctxTimeout(t)); err != nil || tok != "token" || polls != 2 {
		t.Fatalf("Wait = %q, %v after %d polls; want the token on the second", tok, err, polls)
	}
	if deadlines[0] > 50*time.Millisecond {
		t.Errorf("first poll's deadline %s away, want ≤ the 50ms poll timeout", deadlines[0])
	}
}

// Without a poll timeout the code's expiry still bounds each poll: an
// answer after it could not be used.
func TestPollBoundedByExpiry(t *testing.T) {
	var left time.Duration
	poll := func(ctx context.Context) (string, error) {
		d, ok := ctx.Deadline()
		if !ok {
			return "", errors.New("no deadline")
		}
		left = time.Until(d)
		return "token", nil
	}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 5*time.Second, 20*time.Second), poll,
		devicecode.WithClock(autoClock()), devicecode.WithPollTimeout(0))
	if _, err := p.Wait(ctxTimeout(t)); err != nil {
		t.Fatal(err)
	}
	// Polled 5 s into a 20 s lifetime: 15 s left, plus the grace for the final poll.
	if left <= 0 || left > 20*time.Second {
		t.Errorf("poll deadline %s away, want within the code's 15 s left (+5 s grace)", left)
	}
}
