package vendortest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
)

// PollerFlow is one vendor's clients on its devicetest fake, for
// CheckPoller.
type PollerFlow struct {
	Clock  *fakeclock.Clock  // manual: only the check moves it
	Client devicecode.Client // starts the flows
	// Fresh is another Client on the same fake, built as a restarted
	// process builds it: with nothing of the flow it resumes (no scopes,
	// no Microsoft 365 domain, no target), only the server and the app.
	Fresh devicecode.Client
	// Elsewhere are Clients configured for another instance (another base
	// URL, tenant or client ID), by name.
	Elsewhere map[string]devicecode.Client
	Approve   func(userCode string)
	Deny      func(userCode string)
	Polls     func() int // poll requests the fake has received
	// Prefix is how Wait words its errors ("gitlab: waiting for approval: ").
	Prefix string
	// Done checks what an approved flow yields; Denied the error of a
	// declined one (its type or sentinel).
	Done   func(t *testing.T, o *devicecode.Outcome)
	Denied func(t *testing.T, err error)
}

// PollerSetup starts a vendor's fake whose polls answer script first, on
// a manual fake clock, and its clients.
type PollerSetup func(t *testing.T, script []devicetest.Answer) PollerFlow

// CheckPoller drives a vendor's flows as a web backend does, one PollOnce
// per due time: too early sends nothing, pending answers keep the flow, a
// saved State is finished by a freshly built Client, and the ends are
// typed.
func CheckPoller(t *testing.T, setup PollerSetup) {
	t.Run("pending then approved", func(t *testing.T) {
		f := setup(t, nil)
		p, dc := startPoller(t, f)
		due(t, f, p, devicecode.ErrAuthorizationPending)
		f.Approve(dc.UserCode)
		f.Done(t, approved(t, f, p))
		wantPolls(t, f, 2)
	})
	t.Run("scripted answers keep the flow", func(t *testing.T) {
		f := setup(t, []devicetest.Answer{devicetest.SlowDown, devicetest.Unavailable, devicetest.Pending})
		p, dc := startPoller(t, f)
		for range 3 {
			due(t, f, p, nil)
		}
		f.Approve(dc.UserCode)
		f.Done(t, approved(t, f, p))
		wantPolls(t, f, 4)
	})
	t.Run("a saved State resumes", func(t *testing.T) {
		f := setup(t, nil)
		p, dc := startPoller(t, f)
		due(t, f, p, devicecode.ErrAuthorizationPending)
		q, err := f.Fresh.Resume(saved(t, p))
		if err != nil {
			t.Fatal(err)
		}
		if !q.State().NextPollAt.Equal(p.State().NextPollAt) {
			t.Errorf("resumed NextPollAt = %s, want %s", q.State().NextPollAt, p.State().NextPollAt)
		}
		tooEarly(t, f, q)
		f.Approve(dc.UserCode)
		f.Done(t, approved(t, f, q))
		wantPolls(t, f, 2)
	})
	t.Run("a State of another instance is refused before any request", func(t *testing.T) {
		f := setup(t, nil)
		p, _ := startPoller(t, f)
		st := saved(t, p)
		if len(f.Elsewhere) == 0 {
			t.Fatal("no other instance to try")
		}
		for name, c := range f.Elsewhere {
			_, err := c.Resume(st)
			var se *devicecode.StateError
			if !errors.As(err, &se) || se.Field != "/origin" {
				t.Errorf("%s: Resume = %v, want a *devicecode.StateError for origin", name, err)
			}
			wantWorded(t, f, err, nil)
		}
		wantPolls(t, f, 0)
	})
	t.Run("a State past its expiry ends without a request", func(t *testing.T) {
		f := setup(t, nil)
		p, dc := startPoller(t, f)
		st := saved(t, p)
		advanceTo(f.Clock, dc.ExpiresAt.Add(time.Hour))
		q, err := f.Fresh.Resume(st)
		if err != nil {
			t.Fatal(err)
		}
		_, err = q.PollOnce(Context(t))
		wantWorded(t, f, err, devicecode.ErrExpiredToken)
		wantPolls(t, f, 0)
	})
	t.Run("declined ends the flow", func(t *testing.T) {
		f := setup(t, nil)
		p, dc := startPoller(t, f)
		f.Deny(dc.UserCode)
		f.Denied(t, terminal(t, f, p, nil))
	})
	t.Run("expired ends the flow", func(t *testing.T) {
		f := setup(t, nil)
		p, dc := startPoller(t, f)
		advanceTo(f.Clock, dc.ExpiresAt)
		_ = terminal(t, f, p, devicecode.ErrExpiredToken)
	})
}

// startPoller starts a flow; its first poll is not due yet.
func startPoller(t *testing.T, f PollerFlow) (*devicecode.Flow, *normalize.DeviceCode) {
	t.Helper()
	p, err := f.Client.Start(Context(t))
	if err != nil {
		t.Fatal(err)
	}
	tooEarly(t, f, p)
	dc := p.State().DeviceCode
	return p, &dc
}

// tooEarly checks that PollOnce before the due time sends nothing.
func tooEarly(t *testing.T, f PollerFlow, p *devicecode.Flow) {
	t.Helper()
	before := f.Polls()
	_, err := p.PollOnce(Context(t))
	wantWorded(t, f, err, devicecode.ErrTooEarly)
	if !devicecode.IsPending(err) || f.Polls() != before {
		t.Errorf("PollOnce before due: %v, %d polls sent; want pending and none", err, f.Polls()-before)
	}
}

// due moves to the next due time and polls once; the flow stays open
// (with the sentinel want, unless nil) and the next poll is later.
func due(t *testing.T, f PollerFlow, p *devicecode.Flow, want error) {
	t.Helper()
	advanceTo(f.Clock, p.State().NextPollAt)
	_, err := p.PollOnce(Context(t))
	if !devicecode.IsPending(err) {
		t.Fatalf("PollOnce = %v, want the flow still pending", err)
	}
	wantWorded(t, f, err, want)
	if !p.State().NextPollAt.After(f.Clock.Now()) {
		t.Errorf("NextPollAt %s is not after the poll at %s", p.State().NextPollAt, f.Clock.Now())
	}
	tooEarly(t, f, p)
}

// approved polls at the due time and expects the result.
func approved(t *testing.T, f PollerFlow, p *devicecode.Flow) *devicecode.Outcome {
	t.Helper()
	advanceTo(f.Clock, p.State().NextPollAt)
	v, err := p.PollOnce(Context(t))
	if err != nil {
		t.Fatalf("PollOnce after approval: %v", err)
	}
	return v
}

// terminal polls at the due time and expects the end of the flow.
func terminal(t *testing.T, f PollerFlow, p *devicecode.Flow, want error) error {
	t.Helper()
	advanceTo(f.Clock, p.State().NextPollAt)
	_, err := p.PollOnce(Context(t))
	if err == nil || devicecode.IsPending(err) {
		t.Fatalf("PollOnce = %v, want the end of the flow", err)
	}
	wantWorded(t, f, err, want)
	return err
}

// wantWorded checks that err reads like Wait's and matches want.
func wantWorded(t *testing.T, f PollerFlow, err, want error) {
	t.Helper()
	if err == nil || !strings.HasPrefix(err.Error(), f.Prefix) || strings.Count(err.Error(), f.Prefix) != 1 {
		t.Errorf("error %q does not start with %q once", err, f.Prefix)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("error %q is not %v", err, want)
	}
}

// advanceTo moves clk forward to at; never back.
func advanceTo(clk *fakeclock.Clock, at time.Time) {
	if d := at.Sub(clk.Now()); d > 0 {
		clk.Advance(d)
	}
}

func wantPolls(t *testing.T, f PollerFlow, n int) {
	t.Helper()
	if got := f.Polls(); got != n {
		t.Errorf("%d polls sent, want %d", got, n)
	}
}

// saved is p's State after a trip through JSON, as a restart reads it.
func saved(t *testing.T, p *devicecode.Flow) devicecode.State {
	t.Helper()
	b, err := json.Marshal(p.State())
	if err != nil {
		t.Fatal(err)
	}
	var st devicecode.State
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st
}
