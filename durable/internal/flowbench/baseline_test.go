package flowbench

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devicecode/devicecode"
)

// baselineConns are the baseline's connections to the fake: more than
// the polls in flight at once when 2,000 a second take a millisecond.
const baselineConns = 256

// runBaseline drives the same flows without package durable: devicecode
// flows in this process, a goroutine each, sleeping until NextPollAt and
// sending PollOnce, against a fake in its own process. What its polls
// are late by is the machine's and the fake's share; the rest of the
// durable run's is River's, PostgreSQL's and the workers'.
func runBaseline(ctx context.Context, s setup) (result, error) {
	var res result
	fake, url, err := startFake(ctx, s, "baseline-fake")
	if err != nil {
		return res, err
	}
	defer fake.kill()
	client, err := gitlabClient(url, baselineConns)
	if err != nil {
		return res, err
	}
	cpu0, t0 := sampleCPU(), time.Now()
	flows := make([]begun, s.flows)
	var polling sync.WaitGroup
	var failed atomic.Int64
	dues := &dueLog{}
	// The polls outlive the spread, and its context.
	res.beginLag, err = spread(ctx, s.flows, s.interval, func(sctx context.Context, i int) error {
		fl, err := client.Start(sctx)
		if err != nil {
			return err
		}
		st := fl.State()
		flows[i] = begun{Code: st.DeviceCode.DeviceCode, Due: st.NextPollAt}
		polling.Go(func() {
			if pollUntilDone(ctx, fl, dues) != nil {
				failed.Add(1)
			}
		})
		return nil
	})
	polling.Wait()
	if err != nil {
		return res, err
	}
	recs, err := stopFake(fake, s)
	if err != nil {
		return res, err
	}
	used := sampleCPU().since(cpu0)
	res.cpu = cpuReport{wall: time.Since(t0), fake: fake.cpu(), postgres: used.postgres, self: used.self, machine: used.machine}
	sched := schedule{}
	for _, d := range dues.drain() {
		sched.add(d)
	}
	res.figures = analyze(recs, flows, sched, s.approveAfter, s.interval)
	res.lost = int(failed.Load())
	if s.dumpDir != "" {
		return res, dumpPolls(filepath.Join(s.dumpDir, "baseline-polls.csv"), recs, flows, sched, s.interval)
	}
	return res, nil
}

// pollUntilDone polls at each NextPollAt until the flow ends, noting
// each poll's due.
func pollUntilDone(ctx context.Context, fl *devicecode.Flow, dues *dueLog) error {
	for {
		st := fl.State()
		time.Sleep(time.Until(st.NextPollAt))
		dues.add(st)
		_, err := fl.PollOnce(ctx)
		if err == nil || !devicecode.IsPending(err) || errors.Is(err, context.Canceled) {
			return err
		}
	}
}
