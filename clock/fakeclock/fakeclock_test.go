package fakeclock_test

import (
	"context"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/clock/fakeclock"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestManual(t *testing.T) {
	c := fakeclock.New(t0)
	late, early := c.NewTimer(10*time.Second), c.NewTimer(5*time.Second)
	c.Advance(4 * time.Second)
	if fired(early) || fired(late) {
		t.Fatal("fired too early")
	}
	c.Advance(time.Second)
	if at, ok := recv(early); !ok || !at.Equal(t0.Add(5*time.Second)) || fired(late) {
		t.Fatalf("early fired %v at %s; late fired too soon", ok, at)
	}
	if !late.Stop() || late.Stop() {
		t.Error("Stop should report true once")
	}
	c.Advance(time.Hour)
	if fired(late) || c.Waiters() != 0 {
		t.Error("a stopped timer fired")
	}
}

func TestAutoAdvances(t *testing.T) {
	c := fakeclock.NewAuto(t0)
	tm := c.NewTimer(15 * time.Minute)
	if _, ok := recv(tm); !ok || !c.Now().Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("auto clock did not jump: now %s", c.Now())
	}
	if tm.Stop() {
		t.Error("Stop after firing should report false")
	}
}

func TestBlockUntil(t *testing.T) {
	c := fakeclock.New(t0)
	done := make(chan struct{})
	go func() {
		<-c.NewTimer(time.Minute).C()
		close(done)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	<-done
}

func fired(t interface{ C() <-chan time.Time }) bool {
	_, ok := recv(t)
	return ok
}

func recv(t interface{ C() <-chan time.Time }) (time.Time, bool) {
	select {
	case at := <-t.C():
		return at, true
	default:
		return time.Time{}, false
	}
}

// Stopped timers never fire and the others all do, with their own
// deadline — at a scale where a sort per timer would show.
func TestManyTimers(t *testing.T) {
	c := fakeclock.New(t0)
	const n = 20000
	timers := make([]clock.Timer, n)
	for i := range timers {
		timers[i] = c.NewTimer(time.Duration(n-i%100) * time.Millisecond)
	}
	for i := 0; i < n; i += 3 {
		if !timers[i].Stop() {
			t.Fatalf("timer %d: Stop = false before it fired", i)
		}
	}
	c.Advance(time.Hour)
	for i, tm := range timers {
		select {
		case at := <-tm.C():
			if i%3 == 0 || !at.Equal(t0.Add(time.Duration(n-i%100)*time.Millisecond)) {
				t.Fatalf("timer %d fired at %s", i, at)
			}
		default:
			if i%3 != 0 {
				t.Fatalf("timer %d did not fire", i)
			}
		}
	}
	if c.Waiters() != 0 || timers[1].Stop() {
		t.Error("a fired timer is still pending")
	}
}
