package scale

import (
	"fmt"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
)

// stepper is a fake-clock variant's part of each tick: start the flows
// given, let the due ones poll, and report whether every flow has ended.
type stepper func(elapsed time.Duration, starting []int) (ended bool, err error)

// runTicks moves the fake clock one tick at a time from t0, approving the
// flows due at each tick and then running step, until step reports every
// flow ended; two intervals after the last flow should have ended, it
// gives up.
func runTicks(p plan, clk *fakeclock.Clock, a *approvals, step stepper) error {
	tick := p.tick()
	for elapsed := time.Duration(0); ; elapsed += tick {
		if elapsed > p.last()+2*p.interval {
			return fmt.Errorf("flows still pending %s after the last should have ended", elapsed-p.last())
		}
		if elapsed > 0 {
			clk.Advance(tick)
		}
		if err := a.approve(p.between(p.approvalAt, elapsed-tick, elapsed), clk.Now()); err != nil {
			return err
		}
		ended, err := step(elapsed, p.between(p.startAt, elapsed-tick, elapsed))
		a.peak.sample()
		if err != nil || ended {
			return err
		}
	}
}
