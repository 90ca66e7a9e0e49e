package durable

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"

	"github.com/devicecode/devicecode"
)

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
	rec := record{Status: PhaseDelivering, Polls: st.Polls, Outcome: &s}
	if err := w.keep(ctx, job, rec); err != nil {
		// Not kept: deliver all the same, and should that fail too,
		// River writes the record with the execution's error (deliver).
		w.f.cfg.Logger.WarnContext(ctx, "devicecode: keeping the outcome", "flow", job.ID, "error", err.Error())
	}
	return w.deliver(ctx, job, rec)
}

// keep writes the record with the sealed outcome, which until then exists
// only here: a failed write (a connection refused, a failover) is tried
// again, backing off, for at most keepFor, leaving the rest of the
// execution's time to deliver.
func (w *worker[TTx]) keep(ctx context.Context, job *river.Job[signInArgs], rec record) error {
	ctx, cancel := context.WithTimeout(ctx, keepFor)
	defer cancel()
	for wait := keepFirstWait; ; wait = min(2*wait, keepMaxWait) {
		_, err := w.f.river.JobUpdate(ctx, job.ID, &river.JobUpdateParams{Output: rec})
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("durable: flow %d: keeping the outcome: %w", job.ID, err)
		case <-time.After(wait):
		}
	}
}

// The waits of keep: short at first, a failover's length at most.
const (
	keepFirstWait = 50 * time.Millisecond
	keepMaxWait   = 2 * time.Second
	keepFor       = 20 * time.Second
)

// deliver runs OnOutcome and completes the job in one transaction, which
// also drops the sealed outcome. Should that fail, the outcome stays for
// the next attempt; on the last, it is dropped, not left in the database.
func (w *worker[TTx]) deliver(ctx context.Context, job *river.Job[signInArgs], rec record) error {
	plain, err := w.f.cfg.Keys.open(*rec.Outcome, aad(job.Args.Flow, "outcome"))
	if err != nil {
		return w.unreadable(ctx, job, rec, fmt.Errorf("durable: flow %d: %w", job.ID, err))
	}
	out, err := unmarshalOutcome(plain)
	if err != nil {
		return w.end(ctx, job, record{Status: PhaseFailed, Polls: rec.Polls}, fmt.Errorf("durable: flow %d: its outcome is not readable: %w", job.ID, err))
	}
	final := record{Status: PhaseApproved, Polls: rec.Polls}
	err = w.commit(ctx, job, final, func(tx TTx) error {
		return w.f.cfg.OnOutcome(ctx, tx, Delivery{ID: job.ID, Client: job.Args.Client, Outcome: out})
	})
	switch {
	case err == nil:
		w.f.cfg.Logger.InfoContext(ctx, "devicecode: sign-in approved", "flow", job.ID, "client", job.Args.Client)
		return river.RecordOutput(ctx, final) // what the commit wrote: River writes it again, harmlessly
	case errors.Is(err, errNotThisExecution):
		return err
	case job.Attempt >= job.MaxAttempts:
		return w.end(ctx, job, record{Status: PhaseFailed, Polls: rec.Polls}, err)
	}
	// River writes the record with the error: the outcome is not lost
	// should the commit have failed after the eager write did too.
	if rerr := river.RecordOutput(ctx, rec); rerr != nil {
		return rerr
	}
	return err
}

// errNotThisExecution is a job that another execution has completed (a
// rescue while this one was frozen): this one must not deliver.
var errNotThisExecution = errors.New("durable: the flow's job is no longer this execution's")

// commit runs fn and completes the job, with the final record, in one
// transaction. Completing is an update of the job's row while it runs:
// of two executions of a flow (a frozen replica's and the rescued one),
// the first to complete wins, and the other rolls its handler back.
func (w *worker[TTx]) commit(ctx context.Context, job *river.Job[signInArgs], final record, fn func(TTx) error) error {
	execTx, err := w.f.driver.GetExecutor().Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = execTx.Rollback(ctx) }()
	tx := w.f.driver.UnwrapTx(execTx)
	if err := fn(tx); err != nil {
		w.f.cfg.Logger.ErrorContext(ctx, "devicecode: the outcome handler failed", "flow", job.ID, "error", err.Error())
		// Its words stay in this replica's log: they are the
		// integrator's, and might quote what the handler stored.
		return fmt.Errorf("durable: flow %d: the outcome handler failed (%T); its error is in the replica's log", job.ID, err)
	}
	if err := river.RecordOutput(ctx, final); err != nil { // written by JobCompleteTx
		return err
	}
	done, err := river.JobCompleteTx[riverdriver.Driver[TTx]](ctx, tx, job)
	if err != nil {
		return fmt.Errorf("durable: flow %d: completing: %w", job.ID, err)
	}
	if done.State != rivertype.JobStateCompleted {
		return fmt.Errorf("flow %d: %w", job.ID, errNotThisExecution)
	}
	return execTx.Commit(ctx)
}
