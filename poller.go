package devicecode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// PollFunc sends one poll and returns the result once the user has
// approved. Until then it returns an error the engine classifies with
// errors.Is: ErrAuthorizationPending and ErrSlowDown poll again,
// ErrTransient and connection failures back off; anything else ends the
// flow. *OAuthError and *HTTPError values carry Retry-After and server
// intervals to the schedule. It must honour ctx.
type PollFunc[T any] func(ctx context.Context) (T, error)

// Poller runs the RFC 8628 §3.5 schedule for one device code. It is safe
// for concurrent use; polls are serialized, so at most one request is in
// flight, and a call waiting for its turn ends with its own context.
type Poller[T any] struct {
	poll PollFunc[T]
	cfg  schedule
	// turn holds a token across Wait and PollOnce: one request at a time.
	// A channel, unlike a mutex, lets a caller queued behind a long Wait
	// give up when its own context ends.
	turn chan struct{}

	mu     sync.Mutex // guards the fields below
	st     State
	warned bool
}

// NewPoller starts the schedule for dc now: the first poll is due after
// one interval (or at once with WithPollImmediately).
func NewPoller[T any](dc *normalize.DeviceCode, poll PollFunc[T], opts ...Option) (*Poller[T], error) {
	if dc == nil || poll == nil {
		return nil, errors.New("NewPoller needs a device code and a poll function")
	}
	if dc.ExpiresAt.IsZero() && dc.ExpiresIn <= 0 {
		return nil, &StateError{Vendor: dc.Vendor, Field: "/expires_at", Reason: "the device code has no expiry (ExpiresAt or ExpiresIn)"}
	}
	p, o := newPoller(poll, opts)
	p.st.start(dc, p.cfg.Clock.Now(), o.PollImmediately)
	p.st.Origin = o.Origin
	return p, nil
}

// ResumePoller continues a flow from a State saved earlier, keeping its
// interval, expiry and next due time. It refuses, with a *StateError and
// before any request, a State without an expiry or of another Origin
// than WithOrigin's. A State whose code expired more than a second ago,
// or whose next poll falls after the expiry, resumes into a flow that has
// ended: Wait and PollOnce return ErrExpiredToken without a request.
func ResumePoller[T any](st State, poll PollFunc[T], opts ...Option) (*Poller[T], error) {
	if poll == nil {
		return nil, errors.New("ResumePoller needs a poll function")
	}
	p, o := newPoller(poll, opts)
	if err := checkResumable(&st, o.Origin); err != nil {
		return nil, p.wrap(err)
	}
	if st.Interval <= 0 {
		st.Interval = normalize.DefaultInterval
	}
	p.st = st
	return p, nil
}

// newPoller builds the Poller in place: its schedule and State (with a
// copy of the device code) are a kilobyte that a goroutine would
// otherwise pass through its frames before it sleeps, and a stack that
// grew once stays grown while its flow waits. It keeps only the
// schedule's part of the options; the rest is returned, for the start.
func newPoller[T any](poll PollFunc[T], opts []Option) (*Poller[T], Options) {
	o := Collect(opts...)
	p := &Poller[T]{poll: poll, turn: make(chan struct{}, 1), cfg: schedule{Clock: o.Clock, PollTimeout: o.PollTimeout,
		MaxBackoff: o.MaxBackoff, ExpiryWarning: o.ExpiryWarning, Jitter: o.Jitter, ErrorCodes: o.ErrorCodes,
		Observers: o.Observers, ErrorWrappers: o.ErrorWrappers}}
	return p, o
}

// String shows the schedule, never the device code.
func (p *Poller[T]) String() string { return "devicecode.Poller{" + p.State().String() + "}" }

// GoString keeps %#v from printing the device code.
func (p *Poller[T]) GoString() string { return p.String() }

// Format serves every verb with String: fmt would answer %d, %o, … with
// the fields of the Poller, the device code among them.
func (p *Poller[T]) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", p.String())
		return
	}
	_, _ = io.WriteString(f, p.String())
}

// acquire takes the turn, or gives up when ctx ends.
func (p *Poller[T]) acquire(ctx context.Context) error {
	select {
	case p.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return stopped(ctx)
	}
}

func (p *Poller[T]) release() { <-p.turn }

// State returns a snapshot of the schedule, e.g. to persist after PollOnce.
func (p *Poller[T]) State() State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st
}

// nextPollAt is State().NextPollAt without a copy of the whole State in
// the frame of Wait, which stays on the stack of a sleeping flow: 10,000
// waiting flows pay for every byte of it (see internal/scale).
func (p *Poller[T]) nextPollAt() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.st.NextPollAt
}

// Wait polls until the user approves, the flow fails, the code expires
// (ErrExpiredToken) or ctx ends (ctx.Err(), wrapped).
func (p *Poller[T]) Wait(ctx context.Context) (T, error) {
	v, err := p.wait(ctx)
	return v, p.wrap(err)
}

func (p *Poller[T]) wait(ctx context.Context) (T, error) {
	var zero T
	if err := p.acquire(ctx); err != nil {
		return zero, err
	}
	defer p.release()
	for {
		// Never asleep towards a poll past the expiry (a resumed State's).
		if err := p.spent(); err != nil {
			return zero, err
		}
		if err := p.sleepUntil(ctx, p.nextPollAt()); err != nil {
			return zero, err
		}
		v, again, err := p.attempt(ctx)
		if !again {
			return v, err
		}
	}
}

// PollOnce sends one poll if one is due, for servers that poll on behalf of
// a client request (e.g. a browser asking a web backend "done yet?").
// Before NextPollAt it sends nothing and returns ErrTooEarly. A pending
// answer is returned as its error (errors.Is ErrAuthorizationPending, …);
// IsPending tells such an error from the end of the flow. Persist State()
// afterwards to resume later.
func (p *Poller[T]) PollOnce(ctx context.Context) (T, error) {
	v, err := p.pollOnce(ctx)
	return v, p.wrap(err)
}

func (p *Poller[T]) pollOnce(ctx context.Context) (T, error) {
	var zero T
	if err := p.acquire(ctx); err != nil {
		return zero, err
	}
	defer p.release()
	if ctx.Err() != nil {
		return zero, stopped(ctx)
	}
	// Spent before too early: a flow whose next poll is past the expiry
	// has ended, and must not answer "come back later" until then.
	if err := p.spent(); err != nil {
		return zero, err
	}
	st := p.State()
	if now := p.cfg.Clock.Now(); now.Before(st.NextPollAt) {
		return zero, fmt.Errorf("%w: next poll due in %s", ErrTooEarly, st.NextPollAt.Sub(now))
	}
	v, _, err := p.step(ctx)
	return v, err
}

// wrap passes err through the WithErrorWrapper functions.
func (p *Poller[T]) wrap(err error) error {
	if err == nil {
		return nil
	}
	for _, fn := range p.cfg.ErrorWrappers {
		err = fn(err)
	}
	return err
}

// attempt sends a poll unless the flow has no poll left.
func (p *Poller[T]) attempt(ctx context.Context) (T, bool, error) {
	if err := p.spent(); err != nil {
		var zero T
		return zero, false, err
	}
	return p.step(ctx)
}

// spent is the end of a flow that has no poll left, found before any
// request: its final poll was sent, its next poll falls after the expiry
// (a resumed State's NextPollAt), or the code has expired.
func (p *Poller[T]) spent() error {
	// The deadline, not the State: the error's words are spentError's,
	// in a frame of their own (see deadline).
	p.mu.Lock()
	d := p.st.deadline()
	p.mu.Unlock()
	now := p.cfg.Clock.Now()
	if !d.finalSent() && !d.beyondExpiry() && !d.tooLate(now) {
		return nil
	}
	return p.spentError(now)
}

// spentError words the end spent found.
func (p *Poller[T]) spentError(now time.Time) error {
	st := p.State()
	switch d := st.deadline(); {
	case d.finalSent():
		return expiredLocally(st, ErrExpiredToken)
	case d.beyondExpiry():
		return expiredBefore(st, now, "the next poll is due at "+st.NextPollAt.UTC().Format(time.RFC3339), nil)
	case d.tooLate(now):
		return expiredAgo(st, now)
	}
	return nil
}

// step sends one poll and moves the schedule according to the answer. It
// reports whether the caller should poll again. The slow_down and retry
// events are emitted only for a poll that will be sent.
func (p *Poller[T]) step(ctx context.Context) (T, bool, error) {
	start := p.begin()
	pctx, cancel := p.pollContext(ctx)
	v, err := p.poll(pctx)
	cancel()
	err = mapCodes(err, p.cfg.ErrorCodes)
	receipt := p.cfg.Clock.Now()
	st := p.State()
	p.emit(ctx, Event{Kind: EventPoll, Attempt: st.Polls, Interval: st.Interval, Err: err})
	var zero T
	var m move
	switch classify(ctx, err) {
	case outcomeDone:
		if err != nil && ctx.Err() != nil {
			return zero, false, stopped(ctx)
		}
		return v, false, err
	case outcomePending:
		m = p.onPending(receipt, err)
	case outcomeSlowDown:
		m = p.onSlowDown(receipt, err)
	case outcomeTransient:
		m = p.onTransient(receipt, err)
	}
	if end := p.ended(start, receipt, m, err); end != nil {
		return zero, false, end
	}
	if m.event.Kind != 0 {
		p.emit(ctx, m.event)
	}
	p.warnExpiry(ctx, receipt)
	return zero, true, err
}

// move is what an answer did to the schedule: the event to tell, and the
// wait it asked for, worded only should that wait end the flow.
type move struct {
	event Event
	asked time.Duration
	by    asker
}

// asker is who set the wait that may put the next poll past the expiry.
type asker int

const (
	byInterval       asker = iota // the interval in force
	byServerInterval              // a larger interval the server sent
	bySlowDown                    // slow_down's interval
	byRetryAfter                  // slow_down's Retry-After
)

// cause words the wait.
func (m move) cause() string {
	switch m.by {
	case byServerInterval:
		return fmt.Sprintf("the server asked for a %s interval", m.asked)
	case bySlowDown:
		return fmt.Sprintf("the server asked to slow down to a %s interval", m.asked)
	case byRetryAfter:
		return fmt.Sprintf("the server asked to wait %s (Retry-After)", m.asked)
	}
	return fmt.Sprintf("the next poll is due one %s interval later", m.asked)
}

// ended is the end of the flow after a poll sent at start and answered
// at receipt, or nil when another poll remains.
func (p *Poller[T]) ended(start, receipt time.Time, m move, last error) error {
	st := p.State()
	switch {
	case expiredAt(st, start):
		return expiredLocally(st, last)
	case st.deadline().beyondExpiry():
		return expiredBefore(st, receipt, m.cause(), last)
	}
	return nil
}

func (p *Poller[T]) begin() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.cfg.Clock.Now()
	p.st.LastPollAt = now
	p.st.Polls++
	return now
}

func (p *Poller[T]) onPending(receipt time.Time, err error) move {
	server, _ := hints(err)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st.Failures = 0
	m := move{asked: p.st.Interval, by: byInterval}
	if server > p.st.Interval {
		m = move{asked: server, by: byServerInterval}
	}
	p.st.Interval = max(p.st.Interval, server)
	p.st.NextPollAt = nextPoll(receipt, p.st.Interval, p.st.Interval, p.st.ExpiresAt)
	return m
}

func (p *Poller[T]) onSlowDown(receipt time.Time, err error) move {
	server, retryAfter := hints(err)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st.Failures = 0
	p.st.Interval = slowedInterval(p.st.Interval, server, retryAfter)
	p.st.NextPollAt = nextPoll(receipt, p.st.Interval, p.st.Interval, p.st.ExpiresAt)
	m := move{event: p.event(EventSlowDown, receipt, err), asked: p.st.Interval, by: bySlowDown}
	if retryAfter == p.st.Interval && retryAfter > server {
		m.by = byRetryAfter
	}
	return m
}

func (p *Poller[T]) onTransient(receipt time.Time, err error) move {
	_, retryAfter := hints(err)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st.Failures++
	// The backoff is the engine's own guess, and a Retry-After a request
	// to come back: both end at the expiry, for a last poll then. Only the
	// interval, the floor, can put the next poll past it.
	wait := backoff(p.st.Failures, p.st.Interval, p.cfg.MaxBackoff, retryAfter, p.cfg.Jitter)
	p.st.NextPollAt = nextPoll(receipt, wait, p.st.Interval, p.st.ExpiresAt)
	return move{event: p.event(EventRetry, receipt, err), asked: p.st.Interval, by: byInterval}
}

// event describes the state at now; p.mu must be held.
func (p *Poller[T]) event(k EventKind, now time.Time, err error) Event {
	return Event{Kind: k, Attempt: p.st.Polls, Interval: p.st.Interval,
		Wait: p.st.NextPollAt.Sub(now), Remaining: remaining(p.st, now), Err: err}
}

// warnExpiry emits EventExpiryWarning once, when the code is about to
// expire, so that a UI can tell the user to hurry.
func (p *Poller[T]) warnExpiry(ctx context.Context, now time.Time) {
	p.mu.Lock()
	left := remaining(p.st, now)
	fire := !p.warned && p.cfg.ExpiryWarning > 0 && left > 0 && left <= p.cfg.ExpiryWarning
	p.warned = p.warned || fire
	e := p.event(EventExpiryWarning, now, nil)
	p.mu.Unlock()
	if fire {
		p.emit(ctx, e)
	}
}

func (p *Poller[T]) emit(ctx context.Context, e Event) {
	for _, o := range p.cfg.Observers {
		o(ctx, e)
	}
}

// sleepUntil waits for t on the injected clock, or for ctx.
func (p *Poller[T]) sleepUntil(ctx context.Context, t time.Time) error {
	if ctx.Err() != nil {
		return stopped(ctx)
	}
	d := t.Sub(p.cfg.Clock.Now())
	if d <= 0 {
		return nil
	}
	timer := p.cfg.Clock.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return stopped(ctx)
	case <-timer.C():
		return nil
	}
}
