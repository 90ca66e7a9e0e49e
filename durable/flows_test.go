package durable_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// quiet logs River's and durable's warnings and errors, not every start.
var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

func newKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func keyring(t *testing.T, primary string, keys map[string][]byte) *durable.Keyring {
	t.Helper()
	k, err := durable.NewKeyring(primary, keys)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// oneKey is a keyring of one new key, "k1".
func oneKey(t *testing.T) *durable.Keyring {
	return keyring(t, "k1", map[string][]byte{"k1": newKey(t)})
}

// begin begins a sign-in with the client named "gitlab".
func begin[TTx any](t *testing.T, f *durable.Flows[TTx]) *durable.Started {
	t.Helper()
	started, err := f.Begin(context.Background(), "gitlab")
	if err != nil {
		t.Fatal(err)
	}
	return started
}

// gitlabClient is a client of fake gl.
func gitlabClient(t *testing.T, gl *devicetest.Server) devicecode.Client {
	t.Helper()
	c, err := gitlab.New(gitlab.Config{BaseURL: gl.URL, ClientID: "app", Scopes: []string{"read_user"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// replica is one process's Flows, started, on a pool of its own; it is
// stopped when the test ends unless stopped before.
func replica[TTx any](t *testing.T, b backend[TTx], keys *durable.Keyring, clients map[string]devicecode.Client, onOutcome func(context.Context, TTx, durable.Delivery) error) *durable.Flows[TTx] {
	t.Helper()
	if onOutcome == nil {
		onOutcome = b.store
	}
	f, err := durable.New(b.replica(t), durable.Config[TTx]{Clients: clients, Keys: keys, OnOutcome: onOutcome, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, f) })
	return f
}

func stop[TTx any](t *testing.T, f *durable.Flows[TTx]) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := f.Stop(ctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("stop: %v", err)
	}
}

// waitFor polls the flow's status until cond holds or 30 s pass.
func waitFor[TTx any](t *testing.T, f *durable.Flows[TTx], id int64, what string, cond func(*durable.Status) bool) *durable.Status {
	t.Helper()
	return waitWithin(t, f, id, 30*time.Second, what, cond)
}

// waitWithin is waitFor up to limit.
func waitWithin[TTx any](t *testing.T, f *durable.Flows[TTx], id int64, limit time.Duration, what string, cond func(*durable.Status) bool) *durable.Status {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		s, err := f.Status(context.Background(), id)
		if err != nil {
			t.Fatalf("status of flow %d: %v", id, err)
		}
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("flow %d: not %s after %s: %+v", id, what, limit, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ended is a flow that will neither poll nor deliver again.
func ended(s *durable.Status) bool {
	return s.Phase != durable.PhasePending && s.Phase != durable.PhaseDelivering
}

func phase(p durable.Phase) func(*durable.Status) bool {
	return func(s *durable.Status) bool { return s.Phase == p }
}

// tokenPolls are the fake's token requests for the device code of flow.
func tokenPolls(gl *devicetest.Server) []devicetest.Request {
	var polls []devicetest.Request
	for _, r := range gl.Requests() {
		if strings.HasSuffix(r.Path, "/token") {
			polls = append(polls, r)
		}
	}
	return polls
}

func TestApprovedOnce(t *testing.T) { onBoth(t, testApprovedOnce[pgx.Tx], testApprovedOnce[*sqlTx]) }

func testApprovedOnce[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	keys := oneKey(t)
	f := replica(t, b, keys, map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, nil)
	started := begin(t, f)
	s := waitFor(t, f, started.ID, "polled", func(s *durable.Status) bool { return s.Polls >= 1 })
	if s.Phase != durable.PhasePending || s.Prompt == nil || s.Prompt.UserCode != started.Prompt.UserCode {
		t.Fatalf("pending flow's status: %+v; want pending with the started prompt %+v", s, started.Prompt)
	}
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	s = waitFor(t, f, started.ID, "approved", phase(durable.PhaseApproved))
	if n := b.delivered(t, started.ID); n != 1 {
		t.Errorf("outcome delivered %d times; want once", n)
	}
	if s.Prompt != nil || s.Err != "" {
		t.Errorf("approved status %+v: no prompt or error expected", s)
	}
	assertSchedule(t, tokenPolls(gl), time.Second)
}

// assertSchedule checks the polls kept the interval (slow_down adding 5 s
// from the poll it answered) and stopped at the first token.
func assertSchedule(t *testing.T, polls []devicetest.Request, interval time.Duration) {
	t.Helper()
	if len(polls) == 0 {
		t.Fatal("no poll reached the server")
	}
	for i := 1; i < len(polls); i++ {
		if gap := polls[i].At.Sub(polls[i-1].At); gap < interval-20*time.Millisecond {
			t.Errorf("poll %d came %s after the one before; the interval is %s", i+1, gap, interval)
		}
		if polls[i-1].Status == 200 {
			t.Errorf("poll %d came after the token was issued", i+1)
		}
		if polls[i].Status == 400 && i == len(polls)-1 {
			t.Errorf("the last poll was refused: %+v", polls[i])
		}
	}
}

// TestRestartSurvival: a flow started, every worker stopped, the person
// approves meanwhile, a new worker (another pool, as another process)
// starts: the flow completes, its outcome delivered once.
func TestRestartSurvival(t *testing.T) {
	onBoth(t, testRestartSurvival[pgx.Tx], testRestartSurvival[*sqlTx])
}

func testRestartSurvival[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	keys := oneKey(t)
	clients := map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}
	first := replica(t, b, keys, clients, nil)
	started := begin(t, first)
	waitFor(t, first, started.ID, "polled twice", func(s *durable.Status) bool { return s.Polls >= 2 })
	stop(t, first)
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // nothing works the flow now
	before := len(tokenPolls(gl))
	second := replica(t, b, keys, clients, nil)
	waitFor(t, second, started.ID, "approved", phase(durable.PhaseApproved))
	if n := b.delivered(t, started.ID); n != 1 {
		t.Errorf("outcome delivered %d times; want once", n)
	}
	polls := tokenPolls(gl)
	if len(polls) != before+1 {
		t.Errorf("%d polls after the restart; want the one that got the token", len(polls)-before)
	}
	assertSchedule(t, polls, time.Second)
}

// TestEnds: declined, expired and cancelled flows end with their phase,
// are not polled again, and deliver nothing.
func TestEnds(t *testing.T) { onBoth(t, testEnds[pgx.Tx], testEnds[*sqlTx]) }

func testEnds[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Lifetime: 3 * time.Second})
	defer gl.Close()
	keys := oneKey(t)
	f := replica(t, b, keys, map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, nil)
	ctx := context.Background()
	begin := func() *durable.Started {
		s, err := f.Begin(ctx, "gitlab")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	declined, expired, canceled := begin(), begin(), begin()
	if err := gl.Deny(declined.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	s, err := f.Cancel(ctx, canceled.ID)
	if err != nil || s.Phase != durable.PhaseCanceled {
		t.Fatalf("Cancel: %+v, %v; want canceled", s, err)
	}
	for _, c := range []struct {
		id    int64
		phase durable.Phase
		err   string
	}{{declined.ID, durable.PhaseDeclined, "declined"}, {expired.ID, durable.PhaseExpired, "expired"}, {canceled.ID, durable.PhaseCanceled, ""}} {
		s := waitFor(t, f, c.id, string(c.phase), phase(c.phase))
		if c.err == "" && s.Err != "" || !strings.Contains(s.Err, c.err) || strings.Contains(s.Err, "JobCancelError") ||
			s.Prompt != nil || !s.NextPollAt.IsZero() {
			t.Errorf("%s flow's status %+v; want its error to say %q, no prompt, no next poll", c.phase, s, c.err)
		}
		if n := b.delivered(t, c.id); n != 0 {
			t.Errorf("%s flow delivered %d outcomes", c.phase, n)
		}
	}
	n := len(tokenPolls(gl))
	time.Sleep(1500 * time.Millisecond)
	if m := len(tokenPolls(gl)); m != n {
		t.Errorf("%d polls after every flow ended", m-n)
	}
	if _, err := f.Status(ctx, canceled.ID+1000); !errors.Is(err, durable.ErrNotFound) {
		t.Errorf("status of no flow: %v; want ErrNotFound", err)
	}
}

// TestKeys: a replica without the key that sealed a flow says so, in
// Status and in the job's errors, and polls nothing; one with the old
// key among rotated keys finishes it.
func TestKeys(t *testing.T) { onBoth(t, testKeys[pgx.Tx], testKeys[*sqlTx]) }

func testKeys[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	clients := map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}
	old := newKey(t)
	// Begin alone, without workers: New does not start them.
	writer, err := durable.New(b.replica(t), durable.Config[TTx]{Clients: clients, Keys: keyring(t, "2026-11", map[string][]byte{"2026-11": old}), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	started := begin(t, writer)
	wrong := replica(t, b, keyring(t, "2026-12", map[string][]byte{"2026-12": newKey(t)}), clients, nil)
	if _, err := wrong.Status(context.Background(), started.ID); !errors.Is(err, durable.ErrKey) || !strings.Contains(err.Error(), `"2026-11"`) {
		t.Fatalf("status without the sealing key: %v; want a KeyError naming key 2026-11", err)
	}
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, writer, started.ID, "unreadable", func(s *durable.Status) bool { return s.Err != "" })
	if s.Phase != durable.PhasePending || !strings.Contains(s.Err, `"2026-11"`) {
		t.Errorf("status of a flow a replica cannot read: %+v; want pending, the error naming key 2026-11", s)
	}
	if n := len(tokenPolls(gl)); n != 0 {
		t.Fatalf("a replica without the key sent %d polls", n)
	}
	stop(t, wrong)
	rotated := replica(t, b, keyring(t, "2026-12", map[string][]byte{"2026-12": newKey(t), "2026-11": old}), clients, nil)
	s = waitFor(t, rotated, started.ID, "approved", phase(durable.PhaseApproved))
	if n := b.delivered(t, started.ID); n != 1 || s.Err != "" {
		t.Errorf("delivered %d times, status %+v; want once", n, s)
	}
}

// TestSlowDownAcrossReplicas: slow_down's 5 s stay added after the
// replica that heard it stops and another takes the flow.
func TestSlowDownAcrossReplicas(t *testing.T) {
	onBoth(t, testSlowDownAcrossReplicas[pgx.Tx], testSlowDownAcrossReplicas[*sqlTx])
}

func testSlowDownAcrossReplicas[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Script: []devicetest.Answer{devicetest.SlowDown}})
	defer gl.Close()
	keys := oneKey(t)
	clients := map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}
	first := replica(t, b, keys, clients, nil)
	started := begin(t, first)
	waitFor(t, first, started.ID, "slowed down", func(s *durable.Status) bool { return s.Polls >= 1 })
	stop(t, first)
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	second := replica(t, b, keys, clients, nil)
	waitFor(t, second, started.ID, "approved", phase(durable.PhaseApproved))
	polls := tokenPolls(gl)
	if len(polls) != 2 {
		t.Fatalf("%d polls; want the slowed-down one and the approved one", len(polls))
	}
	if gap := polls[1].At.Sub(polls[0].At); gap < 6*time.Second-20*time.Millisecond {
		t.Errorf("the poll after slow_down came %s later; want the 1 s interval plus 5 s", gap)
	}
}

// TestConcurrentReplicas: three replicas on one database, flows begun on
// each: every flow is polled by one replica at a time (never two polls
// in flight, never early) and delivered once.
func TestConcurrentReplicas(t *testing.T) {
	onBoth(t, testConcurrentReplicas[pgx.Tx], testConcurrentReplicas[*sqlTx])
}

func testConcurrentReplicas[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Person: devicetest.ApproveAfter(3 * time.Second)})
	defer gl.Close()
	keys := oneKey(t)
	clients := map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}
	var fs []*durable.Flows[TTx]
	for range 3 {
		fs = append(fs, replica(t, b, keys, clients, nil))
	}
	var ids []int64
	for i := range 30 {
		s, err := fs[i%3].Begin(context.Background(), "gitlab")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	for i, id := range ids {
		waitFor(t, fs[(i+1)%3], id, "approved", phase(durable.PhaseApproved))
		if n := b.delivered(t, id); n != 1 {
			t.Errorf("flow %d delivered %d times", id, n)
		}
	}
	byCode := map[string][]devicetest.Request{}
	for _, r := range tokenPolls(gl) {
		byCode[r.Form.Get("device_code")] = append(byCode[r.Form.Get("device_code")], r)
	}
	if len(byCode) != len(ids) {
		t.Errorf("%d device codes polled; want %d", len(byCode), len(ids))
	}
	for _, polls := range byCode {
		slices.SortFunc(polls, func(a, b devicetest.Request) int { return a.At.Compare(b.At) })
		assertSchedule(t, polls, time.Second)
	}
}

// TestHandlerFailing: while OnOutcome fails, the flow is delivering, its
// status says the handler failed (not in the handler's words, which stay
// in the replica's log) and nothing polls again; Cancel ends it and
// drops the sealed outcome from the database.
func TestHandlerFailing(t *testing.T) {
	onBoth(t, testHandlerFailing[pgx.Tx], testHandlerFailing[*sqlTx])
}

func testHandlerFailing[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	keys := oneKey(t)
	failing := func(context.Context, TTx, durable.Delivery) error { return errors.New("the token table is read-only") }
	f := replica(t, b, keys, map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, failing)
	started := begin(t, f)
	if err := gl.Approve(started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, f, started.ID, "failing", func(s *durable.Status) bool { return s.Err != "" })
	if s.Phase != durable.PhaseDelivering || !strings.Contains(s.Err, "outcome handler failed") ||
		strings.Contains(s.Err, "read-only") || s.Prompt != nil {
		t.Errorf("status while the handler fails: %+v; want delivering, no prompt, the failure without the handler's words", s)
	}
	if !hasSealedOutcome(t, f, started.ID) {
		t.Error("no sealed outcome kept while the handler fails")
	}
	if s, err := f.Cancel(context.Background(), started.ID); err != nil || s.Phase != durable.PhaseCanceled {
		t.Fatalf("Cancel: %+v, %v", s, err)
	}
	if hasSealedOutcome(t, f, started.ID) {
		t.Error("the sealed outcome stayed in the database after Cancel")
	}
	if n := len(tokenPolls(gl)); n != 1 {
		t.Errorf("%d polls; want the one that got the token", n)
	}
}

// hasSealedOutcome reads the job's record as River stores it.
func hasSealedOutcome[TTx any](t *testing.T, f *durable.Flows[TTx], id int64) bool {
	t.Helper()
	row, err := f.River().JobGet(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Output struct {
			Outcome json.RawMessage `json:"outcome"`
		} `json:"output"`
	}
	if err := json.Unmarshal(row.Metadata, &m); err != nil {
		t.Fatal(err)
	}
	return len(m.Output.Outcome) > 0
}

// TestBeginTx: a flow begun in the integrator's transaction exists if and
// only if that transaction commits.
func TestBeginTx(t *testing.T) { onBoth(t, testBeginTx[pgx.Tx], testBeginTx[*sqlTx]) }

func testBeginTx[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Person: devicetest.ApproveAfter(time.Second)})
	defer gl.Close()
	f := replica(t, b, oneKey(t),
		map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, nil)
	ctx := context.Background()
	tx, _, rollback := b.begin(t)
	gone, err := f.BeginTx(ctx, tx, "gitlab")
	if err != nil {
		t.Fatal(err)
	}
	if err := rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Status(ctx, gone.ID); !errors.Is(err, durable.ErrNotFound) {
		t.Errorf("a flow begun in a rolled-back transaction: %v; want ErrNotFound", err)
	}
	tx, commit, _ := b.begin(t)
	kept, err := f.BeginTx(ctx, tx, "gitlab")
	if err != nil {
		t.Fatal(err)
	}
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, f, kept.ID, "approved", phase(durable.PhaseApproved))
	if n := b.delivered(t, kept.ID); n != 1 {
		t.Errorf("delivered %d times", n)
	}
}

// TestHandlerRecovers: OnOutcome fails once, then succeeds: the sealed
// outcome is delivered on the retry, once, with no second poll.
func TestHandlerRecovers(t *testing.T) {
	onBoth(t, testHandlerRecovers[pgx.Tx], testHandlerRecovers[*sqlTx])
}

func testHandlerRecovers[TTx any](t *testing.T, b backend[TTx]) {
	deliveredOnRetry(t, b, func(context.Context, TTx) error { return errors.New("the database is restarting") })
}

// deliveredOnRetry runs a flow whose first delivery runs first (and fails
// one way or another) in place of the store: the outcome is stored on
// the retry, once, with no second poll, and leaves the database.
func deliveredOnRetry[TTx any](t *testing.T, b backend[TTx], first func(ctx context.Context, tx TTx) error) {
	t.Helper()
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Person: devicetest.ApproveAfter(0)})
	defer gl.Close()
	var calls atomic.Int32
	handler := func(ctx context.Context, tx TTx, d durable.Delivery) error {
		if calls.Add(1) == 1 {
			return first(ctx, tx)
		}
		return b.store(ctx, tx, d)
	}
	f := replica(t, b, oneKey(t),
		map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, handler)
	started := begin(t, f)
	waitFor(t, f, started.ID, "approved", phase(durable.PhaseApproved))
	if n, c := b.delivered(t, started.ID), calls.Load(); n != 1 || c != 2 {
		t.Errorf("delivered %d times in %d calls; want once, in the second call", n, c)
	}
	if n := len(tokenPolls(gl)); n != 1 {
		t.Errorf("%d polls; want the one that got the token", n)
	}
	if hasSealedOutcome(t, f, started.ID) {
		t.Error("the sealed outcome stayed in the database after delivery")
	}
}

// TestCancelDuringPoll: Cancel while a poll is in flight waits for the
// execution to end and answers canceled; nothing polls after.
func TestCancelDuringPoll(t *testing.T) {
	onBoth(t, testCancelDuringPoll[pgx.Tx], testCancelDuringPoll[*sqlTx])
}

func testCancelDuringPoll[TTx any](t *testing.T, b backend[TTx]) {
	g := newGate(1)
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Intercept: g.intercept})
	defer gl.Close()
	keys := oneKey(t)
	f := replica(t, b, keys, map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}, nil)
	started := begin(t, f)
	<-g.arrived
	go func() { time.Sleep(500 * time.Millisecond); close(g.release) }()
	// A replica without the key cancels too.
	other, err := durable.New(b.replica(t), durable.Config[TTx]{Clients: map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)},
		Keys: keyring(t, "k2", map[string][]byte{"k2": newKey(t)}), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	s, err := other.Cancel(context.Background(), started.ID)
	if err != nil || s.Phase != durable.PhaseCanceled {
		t.Fatalf("Cancel during a poll: %+v, %v; want canceled", s, err)
	}
	n := len(tokenPolls(gl))
	time.Sleep(1500 * time.Millisecond)
	if m := len(tokenPolls(gl)); m != n || n != 1 {
		t.Errorf("%d polls, %d after the cancel; want 1, none after", m, m-n)
	}
}

// TestCommitFailureKeepsOutcome: the transaction that completes the job
// fails at its end (PostgreSQL aborts a transaction after a failed
// statement, which the handler here ignores): the sealed outcome stays
// for the retry, which delivers it, without a second poll.
func TestCommitFailureKeepsOutcome(t *testing.T) {
	t.Parallel()
	deliveredOnRetry(t, postgres(t), func(ctx context.Context, tx pgx.Tx) error {
		_, _ = tx.Exec(ctx, "SELECT 1/0") // the error ignored: the transaction cannot commit
		return nil
	})
}
