package durable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
)

// worker runs one execution of a sign-in job: one poll, or none when the
// flow is not due, or the delivery of an outcome won earlier.
type worker[TTx any] struct {
	river.WorkerDefaults[signInArgs]
	f *Flows[TTx]
}

// snoozeChunk is the longest snooze: River makes a job snoozed for up to
// its scheduler's interval (5 s) available again at once, due at its
// time, and leaves a longer one to the scheduler, which runs every 5 s
// and so could make a poll up to 5 s late. A flow due later wakes, finds
// itself early and sleeps again, sending nothing.
const snoozeChunk = 5 * time.Second

// NextRetry follows an execution that failed or whose worker died: it may
// have sent its poll, so the next waits the flow's interval. A delivery
// that failed (the handler, its database) backs off as River's default
// policy does, so that an outage of minutes does not use up its
// attempts.
func (w *worker[TTx]) NextRetry(job *river.Job[signInArgs]) time.Time {
	rec, _, _ := jobOutput(job.Metadata)
	if rec.Outcome != nil {
		return time.Time{}
	}
	return time.Now().Add(retryWait(rec))
}

// Timeout bounds an execution: a poll (devicecode's PollTimeout, 30 s) and
// the outcome's transaction. It is the worker's own, whatever JobTimeout
// the integrator's other jobs on the client have.
func (w *worker[TTx]) Timeout(*river.Job[signInArgs]) time.Duration { return DefaultJobTimeout }

// retryWait is the flow's interval, or RFC 8628's default before the
// first poll has recorded one.
func retryWait(rec record) time.Duration {
	if rec.Interval > 0 {
		return time.Duration(rec.Interval) * time.Second
	}
	return 5 * time.Second
}

func (w *worker[TTx]) Work(ctx context.Context, job *river.Job[signInArgs]) error {
	rec, has, err := jobOutput(job.Metadata)
	if err != nil {
		return w.end(ctx, job, record{Status: PhaseFailed}, fmt.Errorf("durable: flow %d: its record is not readable: %w", job.ID, err))
	}
	if has && rec.Outcome != nil {
		return w.deliver(ctx, job, rec)
	}
	// Early (the first execution, a wake between 5 s snoozes): the
	// plaintext copy of NextPollAt says so without opening the State,
	// which costs a worker a third of its CPU (BenchmarkDurableFlows).
	if due, now := dueAt(job.Args, rec), time.Now(); now.Before(due) {
		return snoozeUntil(now, due)
	}
	st, err := w.f.openState(job.ID, job.Args, rec)
	if err != nil {
		return w.unreadable(ctx, job, rec, err)
	}
	client, ok := w.f.clients[job.Args.Client]
	if !ok { // a replica deployed before the client was added
		return w.unreadable(ctx, job, rec, fmt.Errorf("durable: flow %d: no client named %q on this replica", job.ID, safetext.Show(job.Args.Client)))
	}
	flow, err := client.Resume(st)
	if err != nil {
		return w.end(ctx, job, record{Status: PhaseFailed, Polls: st.Polls}, err)
	}
	// The engine decides, as for any flow: too early (nothing sent), the
	// code spent (expired before its next poll: no need to wait for it),
	// or one poll.
	out, err := flow.PollOnce(ctx)
	next := flow.State()
	if ctx.Err() != nil && next.Polls > st.Polls {
		// Cut short (Stop's hard way, the job's timeout): the poll may
		// have reached the server, which counts an interval from it.
		next.NextPollAt = later(next.NextPollAt, next.LastPollAt.Add(next.Interval))
	}
	switch {
	case err == nil:
		return w.approved(ctx, job, out, next)
	case errors.Is(err, devicecode.ErrTooEarly):
		return snoozeUntil(time.Now(), next.NextPollAt)
	case devicecode.IsPending(err):
		if err := w.recordPending(ctx, job, next); err != nil {
			return err
		}
		return snoozeUntil(time.Now(), next.NextPollAt)
	}
	return w.end(ctx, job, record{Status: phaseOf(err), Polls: next.Polls}, err)
}

// openState opens the flow's latest State: the last execution's, else
// the one sealed at Begin. A worker polls with it; Status shows its
// prompt.
func (f *Flows[TTx]) openState(id int64, args signInArgs, rec record) (devicecode.State, error) {
	s := args.State
	if rec.State != nil {
		s = *rec.State
	}
	var st devicecode.State
	plain, err := f.cfg.Keys.open(s, aad(args.Flow, "state"))
	if err != nil {
		return st, fmt.Errorf("durable: flow %d: %w", id, err)
	}
	if err := json.Unmarshal(plain, &st); err != nil {
		return st, fmt.Errorf("durable: flow %d: %w", id, err)
	}
	return st, nil
}

// dueAt is the flow's NextPollAt as last recorded beside its State.
func dueAt(args signInArgs, rec record) time.Time {
	if rec.State != nil {
		return rec.NextPollAt
	}
	return args.FirstPollAt
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// unreadable answers a flow this replica cannot work (the key that
// sealed it, or the client it names, is not here): the flow waits an interval for a replica that has the key, the
// error in its record for Status to show, and spends no attempt, so that
// replicas without the key cannot use up a flow others can finish. Past
// the code's expiry it ends.
func (w *worker[TTx]) unreadable(ctx context.Context, job *river.Job[signInArgs], rec record, err error) error {
	now := time.Now()
	if !now.Before(job.Args.ExpiresAt) {
		return w.end(ctx, job, record{Status: PhaseFailed, Polls: rec.Polls}, err)
	}
	rec.Error, rec.At = safetext.Show(err.Error()), now
	if rec.Status == "" {
		rec.Status = PhasePending
	}
	if rerr := river.RecordOutput(ctx, rec); rerr != nil {
		return rerr
	}
	w.f.cfg.Logger.WarnContext(ctx, "devicecode: sign-in not readable here", "flow", job.ID, "error", rec.Error)
	return snoozeUntil(now, now.Add(retryWait(rec)))
}

// recordPending keeps the State after a poll, sealed, in the job's
// output, which River writes with the snooze.
func (w *worker[TTx]) recordPending(ctx context.Context, job *river.Job[signInArgs], st devicecode.State) error {
	plain, err := json.Marshal(st)
	if err != nil {
		return err
	}
	s, err := w.f.cfg.Keys.seal(plain, aad(job.Args.Flow, "state"))
	if err != nil {
		return err
	}
	w.f.cfg.Logger.DebugContext(ctx, "devicecode: sign-in polled", "flow", job.ID, "polls", st.Polls,
		"next_poll_at", st.NextPollAt)
	return river.RecordOutput(ctx, record{Status: PhasePending, At: time.Now(), NextPollAt: st.NextPollAt,
		Interval: int64((st.Interval + time.Second - 1) / time.Second), Polls: st.Polls, State: &s})
}

func snoozeUntil(now, t time.Time) error {
	return river.JobSnooze(min(max(t.Sub(now), 0), snoozeChunk))
}

// end finishes a flow that will not be approved: its phase and the
// error's text (the engine's errors carry no secret and show what the
// server sent sanitized) go to the record, and the job is cancelled, so
// nothing polls again.
func (w *worker[TTx]) end(ctx context.Context, job *river.Job[signInArgs], rec record, err error) error {
	rec.Error = safetext.Show(err.Error())
	if rerr := river.RecordOutput(ctx, rec); rerr != nil {
		return rerr
	}
	w.f.cfg.Logger.InfoContext(ctx, "devicecode: sign-in ended", "flow", job.ID, "client", job.Args.Client,
		"status", string(rec.Status), "error", rec.Error)
	return river.JobCancel(err)
}

// phaseOf names how a flow that will not be approved ended.
func phaseOf(err error) Phase {
	switch {
	case errors.Is(err, devicecode.ErrAccessDenied):
		return PhaseDeclined
	case errors.Is(err, devicecode.ErrExpiredToken):
		return PhaseExpired
	}
	return PhaseFailed
}
