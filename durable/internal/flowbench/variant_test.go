package flowbench

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"time"

	"github.com/devicecode/devicecode/durable"
)

// runDurable is one run of the workers: flows begun over one interval,
// polled until every one has ended (or a deadline passed, its flows
// then lost), with one worker SIGKILLed half an interval after the last
// Begin when kill is set.
func runDurable(ctx context.Context, s setup, kill bool) (res result, err error) {
	name := map[bool]string{false: "durable", true: "kill"}[kill]
	key := newKey()
	c, err := startCluster(ctx, s, name, key)
	defer func() { err = errors.Join(err, c.close(context.WithoutCancel(ctx))) }()
	if err != nil {
		return res, err
	}
	f, rc, err := c.beginner(key)
	if err != nil {
		return res, err
	}
	start := c.mark(ctx)
	flows, lag, err := beginFlows(ctx, f, rc, s.flows, s.interval)
	if err != nil {
		return res, fmt.Errorf("begin: %w", err)
	}
	res.beginLag = lag
	deadline := time.Now().Add(s.approveAfter + 3*s.interval + 30*time.Second)
	var k killed
	if kill {
		time.Sleep(s.interval / 2)
		if k, err = c.killOne(ctx, flows); err != nil {
			return res, err
		}
		// River's rescuer, on a leader that may have to be elected first.
		deadline = k.at.Add(s.approveAfter + durable.DefaultRescueAfter + 2*time.Minute)
	}
	if err := c.db.waitSettled(ctx, s.flows, deadline); err != nil {
		return res, err
	}
	return c.measure(ctx, res, flows, k, start)
}

// mark is where a run's costs are counted from.
type mark struct {
	at  time.Time
	cpu cpuSample
	wal int64 // PostgreSQL's WAL position, in bytes
}

func (c *cluster) mark(ctx context.Context) mark {
	wal, _ := c.db.wal(ctx)
	return mark{at: time.Now(), cpu: sampleCPU(), wal: wal}
}

// measure stops the processes and computes the run's figures.
func (c *cluster) measure(ctx context.Context, res result, flows []begun, k killed, start mark) (result, error) {
	recs, dues, stmts, err := c.stop()
	if err != nil {
		return res, err
	}
	used := sampleCPU().since(start.cpu)
	res.cpu = cpuReport{wall: time.Since(start.at), fake: c.fake.cpu(), postgres: used.postgres, self: used.self, machine: used.machine}
	if wal, err := c.db.wal(ctx); err == nil {
		res.walBytes = wal - start.wal
	}
	for _, w := range c.workers {
		res.cpu.workers += w.cpu()
	}
	out, err := c.db.outcome(ctx)
	if err != nil {
		return res, err
	}
	res.figures = analyze(recs, flows, dues, c.s.approveAfter, c.s.interval)
	if c.s.dumpDir != "" {
		if err := dumpPolls(filepath.Join(c.s.dumpDir, c.name+"-polls.csv"), recs, flows, dues, c.s.interval); err != nil {
			return res, err
		}
	}
	res.lost, res.deliveries, res.executions = len(flows)-out.approved, out.deliveries, out.executions
	if res.lost > 0 {
		if res.lostWhy, err = c.db.lostReasons(ctx); err != nil {
			return res, err
		}
	}
	res.statements, res.stmts = stmtTotals(stmts)
	if k.id != "" {
		res.killed, res.killedLeader, res.stuck = k.id, k.leader, len(k.codes)
		res.resume = resume(recs, flows, dues, k.codes, k.at, c.s.interval)
	}
	return res, nil
}

// killed is the worker the kill run SIGKILLed, and the flows whose jobs
// it held, by device code.
type killed struct {
	id     string
	leader bool
	at     time.Time
	codes  map[string]bool
}

// killOne SIGKILLs River's leader, or another worker, and lists the jobs
// River still holds as running on it: those its death interrupted.
func (c *cluster) killOne(ctx context.Context, flows []begun) (killed, error) {
	leader, err := c.db.leader(ctx)
	if err != nil {
		return killed{}, fmt.Errorf("no River leader: %w", err)
	}
	i := 0
	for i < len(c.ids)-1 && (c.ids[i] == leader) != c.s.killLeader {
		i++
	}
	k := killed{id: c.ids[i], leader: c.ids[i] == leader, codes: map[string]bool{}}
	if err := c.waitBusy(ctx, k.id); err != nil {
		return k, err
	}
	if err := c.workers[i].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return k, err
	}
	k.at = time.Now()
	<-c.workers[i].done
	ids, err := c.db.runningOn(ctx, k.id)
	if err != nil {
		return k, err
	}
	byID := map[int64]string{}
	for _, b := range flows {
		byID[b.ID] = b.Code
	}
	for _, id := range ids {
		k.codes[byID[id]] = true
	}
	return k, nil
}

// waitBusy waits, an interval at most, until worker id holds jobs: a
// worker between two fetches holds none, and killing it then would
// interrupt nothing.
func (c *cluster) waitBusy(ctx context.Context, id string) error {
	for end := time.Now().Add(c.s.interval); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		ids, err := c.db.runningOn(ctx, id)
		if err != nil || len(ids) >= busy {
			return err
		}
	}
	return nil
}

// busy is how many jobs the worker to be killed should hold.
const busy = 10
