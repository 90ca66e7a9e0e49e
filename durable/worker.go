package durable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"

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
// have sent its poll, so the next waits the flow's interval.
func (w *worker[TTx]) NextRetry(job *river.Job[signInArgs]) time.Time {
	rec, _, _ := jobOutput(job.Metadata)
	return w.f.cfg.Clock.Now().Add(retryWait(rec))
}

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
	st, err := w.state(job, rec)
	if err != nil {
		return w.unreadable(ctx, job, rec, err)
	}
	client, ok := w.f.clients[job.Args.Client]
	if !ok {
		return fmt.Errorf("durable: flow %d: no client named %q on this replica", job.ID, safetext.Show(job.Args.Client))
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
	switch {
	case err == nil:
		return w.approved(ctx, job, out, next)
	case errors.Is(err, devicecode.ErrTooEarly):
		return snoozeUntil(w.f.cfg.Clock.Now(), next.NextPollAt)
	case devicecode.IsPending(err):
		if err := w.recordPending(ctx, job, next); err != nil {
			return err
		}
		return snoozeUntil(w.f.cfg.Clock.Now(), next.NextPollAt)
	}
	return w.end(ctx, job, record{Status: phaseOf(err), Polls: next.Polls}, err)
}

// state opens the flow's latest State: the last execution's, else the
// one sealed at Begin.
func (w *worker[TTx]) state(job *river.Job[signInArgs], rec record) (devicecode.State, error) {
	s := job.Args.State
	if rec.State != nil {
		s = *rec.State
	}
	var st devicecode.State
	plain, err := w.f.cfg.Keys.open(s, aad(job.Args.Flow, "state"))
	if err != nil {
		return st, fmt.Errorf("durable: flow %d: %w", job.ID, err)
	}
	if err := json.Unmarshal(plain, &st); err != nil {
		return st, fmt.Errorf("durable: flow %d: %w", job.ID, err)
	}
	return st, nil
}

// unreadable answers a State this replica cannot open (its key is not
// here): the flow waits an interval for a replica that has the key, the
// error in its record for Status to show, and spends no attempt, so that
// replicas without the key cannot use up a flow others can finish. Past
// the code's expiry it ends.
func (w *worker[TTx]) unreadable(ctx context.Context, job *river.Job[signInArgs], rec record, err error) error {
	now := w.f.cfg.Clock.Now()
	if !now.Before(job.Args.ExpiresAt) {
		return w.end(ctx, job, record{Status: PhaseFailed, Polls: rec.Polls}, err)
	}
	rec.Error = safetext.Show(err.Error())
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
	return river.RecordOutput(ctx, record{Status: PhasePending, NextPollAt: st.NextPollAt,
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

// approved keeps the outcome, sealed, before anything else: the code is
// redeemed, and a poll repeated after a crash would find it used. Then
// the outcome is delivered.
func (w *worker[TTx]) approved(ctx context.Context, job *river.Job[signInArgs], out *devicecode.Outcome, st devicecode.State) error {
	plain, err := marshalOutcome(out)
	if err != nil {
		return err
	}
	s, err := w.f.cfg.Keys.seal(plain, aad(job.Args.Flow, "outcome"))
	if err != nil {
		return err
	}
	rec := record{Status: PhaseApproved, Polls: st.Polls, Outcome: &s}
	if _, err := w.f.river.JobUpdate(ctx, job.ID, &river.JobUpdateParams{Output: rec}); err != nil {
		return fmt.Errorf("durable: flow %d: keeping the outcome: %w", job.ID, err)
	}
	return w.deliver(ctx, job, rec)
}

// deliver runs OnOutcome and completes the job in one transaction, and
// drops the sealed outcome with it. Should the handler fail, both roll
// back and the delivery is retried; on the last attempt the outcome is
// dropped, not left in the database.
func (w *worker[TTx]) deliver(ctx context.Context, job *river.Job[signInArgs], rec record) error {
	plain, err := w.f.cfg.Keys.open(*rec.Outcome, aad(job.Args.Flow, "outcome"))
	if err != nil {
		return fmt.Errorf("durable: flow %d: %w", job.ID, err)
	}
	out, err := unmarshalOutcome(plain)
	if err != nil {
		return err
	}
	err = w.commit(ctx, job, func(tx TTx) error {
		return w.f.cfg.OnOutcome(ctx, tx, Delivery{ID: job.ID, Client: job.Args.Client, Outcome: out})
	}, record{Status: PhaseApproved, Polls: rec.Polls})
	if err != nil && job.Attempt >= job.MaxAttempts {
		return w.end(ctx, job, record{Status: PhaseFailed, Polls: rec.Polls}, err)
	}
	if err == nil {
		w.f.cfg.Logger.InfoContext(ctx, "devicecode: sign-in approved", "flow", job.ID, "client", job.Args.Client)
	}
	return err
}

// commit runs fn and completes the job, with the final record, in one
// transaction.
func (w *worker[TTx]) commit(ctx context.Context, job *river.Job[signInArgs], fn func(TTx) error, final record) error {
	execTx, err := w.f.driver.GetExecutor().Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = execTx.Rollback(ctx) }()
	tx := w.f.driver.UnwrapTx(execTx)
	if err := fn(tx); err != nil {
		return fmt.Errorf("durable: flow %d: the outcome handler: %w", job.ID, err)
	}
	if err := river.RecordOutput(ctx, final); err != nil {
		return err
	}
	if _, err := river.JobCompleteTx[riverdriver.Driver[TTx]](ctx, tx, job); err != nil {
		return fmt.Errorf("durable: flow %d: completing: %w", job.ID, err)
	}
	return execTx.Commit(ctx)
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
