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

// The phases of a flow. Pending is the only one that changes.
const (
	PhasePending  Phase = "pending"  // waiting for the person's decision
	PhaseApproved Phase = "approved" // approved, and OnOutcome's transaction committed
	PhaseDeclined Phase = "declined" // the person declined
	PhaseExpired  Phase = "expired"  // the code expired first
	PhaseCanceled Phase = "canceled" // Cancel was called
	PhaseFailed   Phase = "failed"   // another error ended it (Err says which)
)

// Status is a flow as any replica sees it.
type Status struct {
	ID        int64
	Client    string
	Vendor    normalize.Vendor
	Phase     Phase
	ExpiresAt time.Time
	// NextPollAt is when the next poll is due; zero once it has ended.
	NextPollAt time.Time
	// Interval is the flow's interval (slow_down included) while
	// pending.
	Interval time.Duration
	Polls    int
	// Err is why the flow ended (declined, expired, failed) or, while
	// pending, why its last execution failed (a key missing on a
	// replica, a handler's error). It is text: the error crossed a
	// process, and holds no secret.
	Err string
	// Prompt is what to show the person, while pending.
	Prompt *devicecode.Prompt
}

// ErrNotFound is a flow ID that names no sign-in.
var ErrNotFound = errors.New("durable: no such flow")

// Status reads a flow from the database, on any replica.
func (f *Flows[TTx]) Status(ctx context.Context, id int64) (*Status, error) {
	row, err := f.river.JobGet(ctx, id)
	return f.status(row, id, err)
}

// Cancel ends a pending flow: it is not polled again, and an outcome
// waiting for OnOutcome is dropped from the database. An execution of
// the flow in flight is cut short (River cancels its context): Cancel
// waits for it to end, up to ctx, and returns the flow's final status —
// approved should that execution have completed it first. A flow
// already ended is left as it is.
func (f *Flows[TTx]) Cancel(ctx context.Context, id int64) (*Status, error) {
	if _, err := f.Status(ctx, id); err != nil {
		return nil, err
	}
	row, err := f.river.JobCancel(ctx, id)
	for err == nil && row.State == rivertype.JobStateRunning {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("durable: canceling flow %d: its execution in flight had not ended: %w", id, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
		row, err = f.river.JobGet(ctx, id)
	}
	if err != nil {
		return f.status(row, id, err)
	}
	if rec, _, _ := jobOutput(row.Metadata); rec.Outcome != nil && row.State == rivertype.JobStateCancelled {
		row, err = f.river.JobUpdate(ctx, id, &river.JobUpdateParams{Output: record{Status: PhaseCanceled, Polls: rec.Polls}})
	}
	return f.status(row, id, err)
}

func (f *Flows[TTx]) status(row *rivertype.JobRow, id int64, err error) (*Status, error) {
	if errors.Is(err, rivertype.ErrNotFound) || err == nil && row.Kind != JobKind {
		return nil, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("durable: reading flow %d: %w", id, err)
	}
	var args signInArgs
	if err := json.Unmarshal(row.EncodedArgs, &args); err != nil {
		return nil, fmt.Errorf("durable: reading flow %d: %w", id, err)
	}
	rec, _, err := jobOutput(row.Metadata)
	if err != nil {
		return nil, fmt.Errorf("durable: reading flow %d: %w", id, err)
	}
	s := &Status{ID: id, Client: args.Client, Vendor: args.Vendor, ExpiresAt: args.ExpiresAt,
		Polls: rec.Polls, Phase: phaseOfRow(row, rec), Err: rec.Error}
	if s.Phase != PhasePending {
		return s, nil
	}
	s.NextPollAt, s.Interval = rec.NextPollAt, time.Duration(rec.Interval)*time.Second
	if s.Err == "" && len(row.Errors) > 0 {
		s.Err = safetext.Show(row.Errors[len(row.Errors)-1].Error)
	}
	return s, f.prompt(s, args, rec)
}

// phaseOfRow reads the phase from River's job state and the record.
func phaseOfRow(row *rivertype.JobRow, rec record) Phase {
	switch row.State {
	case rivertype.JobStateCompleted:
		return PhaseApproved
	case rivertype.JobStateCancelled:
		if rec.Status == PhasePending || rec.Status == "" || rec.Status == PhaseApproved {
			return PhaseCanceled // by Cancel: no execution recorded an end
		}
		return rec.Status
	case rivertype.JobStateDiscarded:
		return PhaseFailed
	}
	return PhasePending
}

// prompt opens the State to show its code; the replica needs the key.
func (f *Flows[TTx]) prompt(s *Status, args signInArgs, rec record) error {
	sealedState := args.State
	if rec.State != nil {
		sealedState = *rec.State
	}
	plain, err := f.cfg.Keys.open(sealedState, aad(args.Flow, "state"))
	if err != nil {
		return fmt.Errorf("durable: flow %d: %w", s.ID, err)
	}
	var st devicecode.State
	if err := json.Unmarshal(plain, &st); err != nil {
		return fmt.Errorf("durable: flow %d: %w", s.ID, err)
	}
	p := devicecode.Prompt{Vendor: st.DeviceCode.Vendor, UserCode: st.DeviceCode.UserCode,
		VerificationURI: st.DeviceCode.VerificationURI, VerificationURIComplete: st.DeviceCode.VerificationURIComplete,
		ExpiresAt: st.ExpiresAt, Message: st.DeviceCode.Message}
	s.Prompt = &p
	if s.NextPollAt.IsZero() {
		s.NextPollAt, s.Interval = st.NextPollAt, st.Interval
	}
	return nil
}
