// Package fakeclock is a clock.Clock under the test's control, so that
// a 15-minute device flow runs in milliseconds without sleeps.
//
// In manual mode (New) time moves only by Advance; BlockUntil lets a test
// wait until the code under test is sleeping. In auto mode (NewAuto) every
// timer fires at once and the clock jumps to its deadline — right for one
// goroutine that alternates between sleeping and doing work, such as a
// devicecode.Poller; an httptest handler may call Advance to simulate a slow
// server.
package fakeclock

import (
	"container/heap"
	"context"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// Clock is a fake clock.Clock. It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	timers  timerHeap     // pending, soonest first
	seq     uint64        // creation order, which breaks ties of deadline
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
	c.seq++
	t := &timer{c: c, at: c.now.Add(d), seq: c.seq, ch: make(chan time.Time, 1)}
	heap.Push(&c.timers, t)
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

// fireDue fires due timers in deadline order (creation order for equal
// deadlines); c.mu must be held. A heap keeps this O(log n) per timer, so
// tens of thousands of sleeping flows stay cheap.
func (c *Clock) fireDue() {
	for len(c.timers) > 0 && !c.timers[0].at.After(c.now) {
		t := heap.Pop(&c.timers).(*timer) //nolint:errcheck // the heap holds only *timer
		t.ch <- t.at
	}
}

// notify wakes BlockUntil; c.mu must be held.
func (c *Clock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

type timer struct {
	c     *Clock
	at    time.Time
	seq   uint64
	index int // in c.timers; -1 once fired or stopped
	ch    chan time.Time
}

func (t *timer) C() <-chan time.Time { return t.ch }

// Stop removes the timer; it reports false if the timer already fired.
func (t *timer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.c.timers, t.index)
	t.c.notify()
	return true
}

// timerHeap orders pending timers by deadline, then creation.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if c := h[i].at.Compare(h[j].at); c != 0 {
		return c < 0
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer) //nolint:errcheck // only *timer is pushed
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}
