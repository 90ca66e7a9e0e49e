// Package fakeclock is a clock.Clock under the test's control, so that
// a 15-minute device flow runs in milliseconds without sleeps.
//
// In manual mode (New) time moves only by Advance; BlockUntil lets a test
// wait until the code under test is sleeping. In auto mode (NewAuto) every
// timer fires at once and the clock jumps to its deadline — right for one
// goroutine that alternates between sleeping and doing work, such as a
// deviceflow.Poller; an httptest handler may call Advance to simulate a slow
// server.
package fakeclock

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Clock is a fake clock.Clock. It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	timers  []*timer
	changed chan struct{} // closed and replaced whenever timers change
}

var _ clock.Clock = (*Clock)(nil)

// New returns a manual clock set to start.
func New(start time.Time) *Clock {
	return &Clock{now: start, changed: make(chan struct{})}
}

// NewAuto returns a clock that advances to each timer's deadline as soon as
// the timer is created.
func NewAuto(start time.Time) *Clock {
	c := New(start)
	c.auto = true
	return c
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer that fires when the fake time reaches now+d.
func (c *Clock) NewTimer(d time.Duration) clock.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &timer{c: c, at: c.now.Add(d), ch: make(chan time.Time, 1)}
	c.timers = append(c.timers, t)
	if c.auto && t.at.After(c.now) {
		c.now = t.at
	}
	c.fireDue()
	c.notify()
	return t
}

// Advance moves the time forward by d and fires the timers that come due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.fireDue()
	c.notify()
}

// Waiters returns the number of timers that have not fired or stopped.
func (c *Clock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// BlockUntil waits until at least n timers are pending, i.e. the code under
// test is asleep, or ctx ends.
func (c *Clock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		pending, changed := len(c.timers), c.changed
		c.mu.Unlock()
		if pending >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// fireDue fires due timers in deadline order; c.mu must be held.
func (c *Clock) fireDue() {
	slices.SortStableFunc(c.timers, func(a, b *timer) int { return a.at.Compare(b.at) })
	for len(c.timers) > 0 && !c.timers[0].at.After(c.now) {
		t := c.timers[0]
		c.timers = c.timers[1:]
		t.ch <- t.at
	}
}

// notify wakes BlockUntil; c.mu must be held.
func (c *Clock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

type timer struct {
	c  *Clock
	at time.Time
	ch chan time.Time
}

func (t *timer) C() <-chan time.Time { return t.ch }

// Stop removes the timer; it reports false if the timer already fired.
func (t *timer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	i := slices.Index(t.c.timers, t)
	if i < 0 {
		return false
	}
	t.c.timers = slices.Delete(t.c.timers, i, i+1)
	t.c.notify()
	return true
}
