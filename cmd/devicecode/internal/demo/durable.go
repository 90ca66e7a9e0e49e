package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/durable"
)

// durableScenario runs the sign-in as a durable job (package durable) on
// River and SQLite, stops its worker mid-flow and finishes it on another,
// as a backend restarted during a sign-in would. River schedules on the
// real clock, so this scenario's waits are real ones, kept short by the
// fakes' 1 s interval (VB365 sends none: its clients poll every 5 s).
const durableScenario = "durable"

// durableTimeout bounds each wait of the scenario (a poll, the end of the
// flow): far beyond VB365's 5 s interval, short of a hung demo.
const durableTimeout = 30 * time.Second

// durableIntro is said once, before the vendors.
const durableIntro = "Each sign-in is a River job in SQLite, in a temporary file, sealed with " +
	"a key of 32 random bytes made for this run. Worker 1 polls and is stopped; the person " +
	"approves; worker 2, with a connection, client and Flows of its own as a new process " +
	"would have, finishes the flow."

// durableDemo prepares the durable scenario: the key of this run, the
// progress lines (text only), and the run of each vendor.
func durableDemo(ctx context.Context, format string, streams *cmdutil.IOStreams) (func(demoVendor) demoResult, error) {
	keys, err := demoKeyring()
	if err != nil {
		return nil, err
	}
	say := &progress{}
	if format == "text" {
		say.w = streams.Out
		say.width, _ = streams.OutTerminalWidth()
		say.plain("%s", durableIntro)
		say.plain("")
	}
	return func(v demoVendor) demoResult {
		say.plain("== %s, scenario %s ==", v.vendor, durableScenario)
		res := runDurable(ctx, v, keys, say)
		if ctx.Err() == nil { // after Ctrl-C, the shell's ^C is the verdict
			say.plain("%s", verdictLine(res))
			say.plain("")
		}
		return res
	}, nil
}

// demoKeyring is a keyring of one random key, made for this run: a real
// deployment reads its keys from its secret store, as the README shows.
func demoKeyring() (*durable.Keyring, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return durable.NewKeyring("demo", map[string][]byte{"demo": key})
}

// durableRun is one vendor's sign-in in the durable scenario: its fake,
// the database file every process opens, and what the demo shows.
type durableRun struct {
	v      demoVendor
	set    demoSetup
	path   string
	keys   *durable.Keyring
	rec    *recorder // the integrator's HTTP client, every process's
	say    *progress
	worker int    // the processes started so far
	code   string // the user code the person enters
}

// runDurable signs in to one vendor's fake under the durable scenario.
func runDurable(ctx context.Context, v demoVendor, keys *durable.Keyring, say *progress) demoResult {
	res := demoResult{Vendor: v.vendor, Scenario: durableScenario}
	dir, err := os.MkdirTemp("", "devicecode-demo-")
	if err != nil {
		res.Outcome = err.Error()
		return res
	}
	defer func() { _ = os.RemoveAll(dir) }()
	say.restart()
	d := &durableRun{v: v, set: v.setup(durableScenario, clock.System()), path: filepath.Join(dir, "flows.db"),
		keys: keys, say: say}
	defer d.set.fake.Close()
	d.rec = &recorder{base: transportOf(d.set.fake.Client()), clock: clock.System(), start: say.start, notify: d.show}
	j, err := d.signIn(ctx, &res)
	res.Requests = d.rec.exchanges()
	if err != nil {
		res.Outcome = err.Error()
		return res
	}
	d.judge(j, &res)
	return res
}

// signIn is the integrator's code across two processes: the first begins
// the flow and is stopped once it has been polled; the person approves
// while no worker runs; the second finishes the flow.
func (d *durableRun) signIn(ctx context.Context, res *demoResult) (judged, error) {
	if err := d.migrate(ctx); err != nil {
		return judged{}, err
	}
	id, err := d.untilPolled(ctx, res)
	if err != nil {
		return judged{}, err
	}
	approvedAt := time.Now()
	if err := d.set.decide(d.code); err != nil {
		return judged{}, err
	}
	d.say.line("the person approves %s", d.code)
	j, err := d.untilEnded(ctx, id)
	j.approvedAt = approvedAt
	return j, err
}

// untilPolled is the first process: it begins the flow, and is stopped
// once the flow has been polled.
func (d *durableRun) untilPolled(ctx context.Context, res *demoResult) (int64, error) {
	p, err := d.start(ctx)
	if err != nil {
		return 0, err
	}
	started, err := p.flows.Begin(ctx, string(d.v.vendor))
	if err == nil {
		res.Prompt, d.code = demoPrompt(started.Prompt, time.Now()), started.Prompt.UserCode
		d.say.line("flow %d begun, code %s", started.ID, d.code)
		_, err = d.wait(ctx, p, started.ID, "polled", func(s *durable.Status) bool {
			return s.Polls > 0 || s.Phase != durable.PhasePending
		})
	}
	if err := errors.Join(err, d.stop(ctx, p)); err != nil {
		return 0, err
	}
	return started.ID, nil
}

// untilEnded is the second process: it works the flow to its end, and
// counts the outcomes the handler stored.
func (d *durableRun) untilEnded(ctx context.Context, id int64) (judged, error) {
	p, err := d.start(ctx)
	if err != nil {
		return judged{}, err
	}
	var j judged
	s, err := d.wait(ctx, p, id, "ended", func(s *durable.Status) bool {
		return s.Phase != durable.PhasePending && s.Phase != durable.PhaseDelivering
	})
	if err == nil {
		j.phase, j.why = s.Phase, s.Err
		err = p.db.QueryRowContext(ctx, "SELECT count(*) FROM credentials WHERE flow = ?", id).Scan(&j.rows)
	}
	return j, errors.Join(err, d.stop(ctx, p))
}

// wait reads the flow's status from the database, as any replica can,
// until cond holds.
func (d *durableRun) wait(ctx context.Context, p *process, id int64, what string, cond func(*durable.Status) bool) (*durable.Status, error) {
	deadline := time.Now().Add(durableTimeout)
	for {
		s, err := p.flows.Status(ctx, id)
		switch {
		case err != nil:
			return nil, err
		case cond(s):
			d.say.line("status: %s, %d poll%s", s.Phase, s.Polls, cmdutil.Plural(s.Polls))
			return s, nil
		case time.Now().After(deadline):
			return nil, fmt.Errorf("flow %d not %s after %s: %s", id, what, durableTimeout, s.Phase)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
