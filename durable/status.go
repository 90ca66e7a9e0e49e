package durable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// Phase is where a flow stands.
type Phase string

// The phases of a flow. Pending and delivering change; the others are
// ends.
const (
	PhasePending    Phase = "pending"    // waiting for the person's decision
	PhaseDelivering Phase = "delivering" // approved; OnOutcome's transaction has not committed yet
	PhaseApproved   Phase = "approved"   // approved, and OnOutcome's transaction committed
	PhaseDeclined   Phase = "declined"   // the person declined
	PhaseExpired    Phase = "expired"    // the code expired first
	PhaseCanceled   Phase = "canceled"   // Cancel was called
	PhaseFailed     Phase = "failed"     // another error ended it (Err says which)
)

// Status is a flow as any replica sees it. It holds no secret: a web
// backend can answer it as JSON.
type Status struct {
	ID        int64            `json:"id"`
	Client    string           `json:"client"`
	Vendor    normalize.Vendor `json:"vendor"`
	Phase     Phase            `json:"phase"`
	ExpiresAt time.Time        `json:"expires_at"`
	// NextPollAt is when the next poll is due, while pending.
	NextPollAt time.Time `json:"next_poll_at,omitzero"`
	// Interval is the flow's interval (slow_down included), while
	// pending; JSON has it in seconds.
	Interval time.Duration `json:"-"`
	Polls    int           `json:"polls"`
	// Err is why the flow ended (declined, expired, failed) or, while
	// pending or delivering, why its last execution failed (a key or a
	// client missing on a replica, the outcome handler). It is text: the
	// error crossed a process, and holds no secret.
	Err string `json:"error,omitempty"`
	// Prompt is what to show the person, while pending.
	Prompt *devicecode.Prompt `json:"prompt,omitempty"`
}

// MarshalJSON writes the interval in whole seconds, as RFC 8628 does.
func (s Status) MarshalJSON() ([]byte, error) {
	type plain Status
	return json.Marshal(struct {
		plain
		Interval int64 `json:"interval,omitempty"`
	}{plain(s), int64(s.Interval / time.Second)})
}

// ErrNotFound is a flow ID that names no sign-in.
var ErrNotFound = errors.New("durable: no such flow")

// Status reads a flow from the database, on any replica. The prompt of
// a pending flow needs the key that sealed it.
func (f *Flows[TTx]) Status(ctx context.Context, id int64) (*Status, error) {
	row, err := f.river.JobGet(ctx, id)
	if err != nil {
		return nil, readError(id, err)
	}
	s, args, rec, err := f.status(row)
	if err != nil || s.Phase != PhasePending {
		return s, err
	}
	if err := f.prompt(s, args, rec); err != nil {
		return nil, err
	}
	return s, nil
}

func readError(id int64, err error) error {
	if errors.Is(err, rivertype.ErrNotFound) {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return fmt.Errorf("durable: reading flow %d: %w", id, err)
}

// status reads what River's row says of a flow, without opening it.
func (f *Flows[TTx]) status(row *rivertype.JobRow) (*Status, signInArgs, record, error) {
	var args signInArgs
	if row.Kind != JobKind {
		return nil, args, record{}, fmt.Errorf("%w: %d", ErrNotFound, row.ID)
	}
	if err := json.Unmarshal(row.EncodedArgs, &args); err != nil {
		return nil, args, record{}, fmt.Errorf("durable: reading flow %d: %w", row.ID, err)
	}
	rec, _, err := jobOutput(row.Metadata)
	if err != nil {
		return nil, args, rec, fmt.Errorf("durable: reading flow %d: %w", row.ID, err)
	}
	s := &Status{ID: row.ID, Client: args.Client, Vendor: args.Vendor, ExpiresAt: args.ExpiresAt,
		Polls: rec.Polls, Phase: phaseOfRow(row, rec), Err: rec.Error}
	if last := lastError(row); last != nil && (s.Err == "" || !ended(s.Phase) && last.At.After(rec.At)) {
		// A failed execution: one since the record of a flow still
		// going, or the one that discarded the job.
		s.Err = safetext.Show(last.Error)
	}
	if s.Phase == PhasePending {
		s.NextPollAt, s.Interval = rec.NextPollAt, time.Duration(rec.Interval)*time.Second
	}
	return s, args, rec, nil
}

// ended reports whether a flow in phase p is over.
func ended(p Phase) bool { return p != PhasePending && p != PhaseDelivering }

func lastError(row *rivertype.JobRow) *rivertype.AttemptError {
	if len(row.Errors) == 0 {
		return nil
	}
	return &row.Errors[len(row.Errors)-1]
}

// phaseOfRow reads the phase from River's job state and the record.
func phaseOfRow(row *rivertype.JobRow, rec record) Phase {
	switch row.State {
	case rivertype.JobStateCompleted:
		return PhaseApproved
	case rivertype.JobStateCancelled:
		switch rec.Status {
		case PhaseDeclined, PhaseExpired, PhaseFailed:
			return rec.Status
		}
		return PhaseCanceled // by Cancel: no execution recorded an end
	case rivertype.JobStateDiscarded:
		return PhaseFailed
	}
	if rec.Outcome != nil {
		return PhaseDelivering
	}
	return PhasePending
}

// prompt opens the State to show its code; the replica needs the key.
func (f *Flows[TTx]) prompt(s *Status, args signInArgs, rec record) error {
	st, err := f.openState(s.ID, args, rec)
	if err != nil {
		return err
	}
	p := st.Prompt()
	s.Prompt = &p
	if s.NextPollAt.IsZero() {
		s.NextPollAt, s.Interval = st.NextPollAt, st.Interval
	}
	return nil
}

// cancelWait bounds how long Cancel waits for an execution in flight: one
// River cancels ends at once; a dead worker's stays running until the
// rescuer frees it.
const cancelWait = 5 * time.Second

// Cancel ends a flow that has not ended: it is not polled again, and an
// outcome waiting for OnOutcome is dropped from the database. It needs
// no key. An execution of the flow in flight is cut short (River cancels
// its context) and Cancel waits for it to end, up to 5 s, then returns
// the flow's status: canceled, or approved should that execution have
// completed it first; pending only if the execution's worker is dead,
// and the flow ends canceled once River's rescuer frees it. A flow
// already ended is left as it is.
func (f *Flows[TTx]) Cancel(ctx context.Context, id int64) (*Status, error) {
	row, err := f.river.JobGet(ctx, id)
	if err == nil && row.Kind != JobKind {
		err = rivertype.ErrNotFound
	}
	if err == nil {
		row, err = f.river.JobCancel(ctx, id)
	}
	deadline := time.Now().Add(cancelWait)
	for err == nil && row.State == rivertype.JobStateRunning && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("durable: canceling flow %d: %w", id, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
		row, err = f.river.JobGet(ctx, id)
	}
	if err != nil {
		return nil, readError(id, err)
	}
	if rec, _, _ := jobOutput(row.Metadata); rec.Outcome != nil && row.State == rivertype.JobStateCancelled {
		if row, err = f.river.JobUpdate(ctx, id, &river.JobUpdateParams{Output: record{Status: PhaseCanceled, Polls: rec.Polls}}); err != nil {
			return nil, readError(id, err)
		}
	}
	s, _, _, err := f.status(row)
	return s, err
}
