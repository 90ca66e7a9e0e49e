package scale

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/clock/fakeclock"
)

// stepClock is a manual fake clock that also tells the benchmark when a
// flow went to sleep or ended. fakeclock.BlockUntil waits for n timers,
// but n falls as flows finish, and a flow that finishes creates no timer
// to wake it: settle waits on both counts instead.
type stepClock struct {
	*fakeclock.Clock
	changed chan struct{} // a pending wake-up, never blocks the sender
	done    atomic.Int64  // flows that ended
}

func newStepClock() *stepClock {
	return &stepClock{Clock: fakeclock.New(t0), changed: make(chan struct{}, 1)}
}

func (c *stepClock) NewTimer(d time.Duration) clock.Timer {
	t := c.Clock.NewTimer(d)
	c.poke()
	return t
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
	for c.Waiters()+int(c.done.Load()) < flows {
		select {
		case <-c.changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
