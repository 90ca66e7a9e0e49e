package scale

import (
	"container/heap"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devicecode/devicecode/clock"
)

// stepClock is a manual fake clock for 10,000 sleeping flows, which also
// tells the benchmark when a flow went to sleep or ended. It keeps its
// timers in a heap, so creating one is O(log n): fakeclock sorts every
// timer on each NewTimer, which cost the run half a minute and each Wait
// goroutine 8 KB of stack. It is still not free: a flow parked on it
// holds a 4 KB stack where one parked on the real clock holds 2.3 KB
// (measured apart with 5,000 Poller.Wait goroutines).
// settle waits for timers and finished flows together, since a flow that
// finishes creates no timer to wake it.
type stepClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  timerHeap
	changed chan struct{} // a pending wake-up, never blocks the sender
	done    atomic.Int64  // flows that ended
	elapsed atomic.Int64  // now - t0, for Now
}

func newStepClock() *stepClock {
	return &stepClock{now: t0, changed: make(chan struct{}, 1)}
}

var _ clock.Clock = (*stepClock)(nil)

// Now reads the time without the lock (Advance stores it under the lock).
func (c *stepClock) Now() time.Time { return t0.Add(time.Duration(c.elapsed.Load())) }

func (c *stepClock) NewTimer(d time.Duration) clock.Timer {
	c.mu.Lock()
	t := &stepTimer{c: c, at: c.now.Add(d), ch: make(chan time.Time, 1), index: -1}
	if d <= 0 {
		t.ch <- c.now
	} else {
		heap.Push(&c.timers, t)
	}
	c.mu.Unlock()
	c.poke()
	return t
}

// Advance moves the time by d and fires the timers that come due.
func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.elapsed.Store(int64(c.now.Sub(t0)))
	for len(c.timers) > 0 && !c.timers[0].at.After(c.now) {
		t := heap.Pop(&c.timers).(*stepTimer)
		t.ch <- t.at
	}
}

func (c *stepClock) waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// finish records that one flow ended.
func (c *stepClock) finish() {
	c.done.Add(1)
	c.poke()
}

func (c *stepClock) poke() {
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

// settle waits until each of flows is asleep on a timer or has ended:
// then nothing moves until the clock does.
func (c *stepClock) settle(ctx context.Context, flows int) error {
	for c.waiters()+int(c.done.Load()) < flows {
		select {
		case <-c.changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

type stepTimer struct {
	c     *stepClock
	at    time.Time
	ch    chan time.Time
	index int // in the heap; -1 once fired or stopped
}

func (t *stepTimer) C() <-chan time.Time { return t.ch }

func (t *stepTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.c.timers, t.index)
	return true
}

// timerHeap orders timers by deadline (container/heap).
type timerHeap []*stepTimer

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *timerHeap) Push(x any) {
	t := x.(*stepTimer)
	t.index = len(*h)
	*h = append(*h, t)
}

func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.index = -1
	*h = old[:len(old)-1]
	return t
}
