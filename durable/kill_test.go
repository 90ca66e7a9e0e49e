package durable_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/hex"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/durable/internal/pgtest"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// Windows of the worker processes: short, so that a killed worker's
// flow is rescued within the test (River's rescuer still runs every
// 30 s, and at the start of each leadership).
const (
	testJobTimeout  = 2 * time.Second
	testRescueAfter = 3 * time.Second
)

// TestWorkerProcess is a worker process of the kill tests, not a test:
// it runs Flows on the database and fake its environment names until
// SIGTERM (a graceful stop) or SIGKILL.
func TestWorkerProcess(t *testing.T) {
	db := os.Getenv("DURABLE_TEST_DB")
	if db == "" {
		t.Skip("a worker process of the kill tests, started by them")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	key, _ := hex.DecodeString(os.Getenv("DURABLE_TEST_KEY"))
	keys := keyring(t, "k1", map[string][]byte{"k1": key})
	c, err := gitlab.New(gitlab.Config{BaseURL: os.Getenv("DURABLE_TEST_FAKE"), ClientID: "app", Scopes: []string{"read_user"}})
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]devicecode.Client{"gitlab": c}
	rc := &river.Config{JobTimeout: testJobTimeout, RescueStuckJobsAfter: testRescueAfter}
	switch db {
	case "postgres":
		cfg, err := pgtest.PoolConfig(os.Getenv("DURABLE_TEST_SCHEMA"))
		if err != nil {
			t.Fatal(err)
		}
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		runWorker(ctx, t, riverpgxv5.New(pool), durable.Config[pgx.Tx]{Clients: clients, Keys: keys, River: rc, Logger: quiet,
			OnOutcome: func(ctx context.Context, tx pgx.Tx, d durable.Delivery) error {
				_, err := tx.Exec(ctx, "INSERT INTO delivered VALUES ($1, $2)", d.ID, tail(d))
				hang(ctx)
				return err
			}})
	case "sqlite":
		sdb, err := durable.OpenSQLite(ctx, os.Getenv("DURABLE_TEST_SQLITE"))
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		runWorker(ctx, t, riversqlite.New(sdb), durable.Config[*sql.Tx]{Clients: clients, Keys: keys, River: rc, Logger: quiet,
			OnOutcome: func(ctx context.Context, tx *sql.Tx, d durable.Delivery) error {
				_, err := tx.ExecContext(ctx, "INSERT INTO delivered VALUES (?, ?)", d.ID, tail(d))
				hang(ctx)
				return err
			}})
	}
}

// hang keeps OnOutcome's transaction open, its row inserted, until the
// process is killed, when DURABLE_TEST_HANG says so.
func hang(ctx context.Context) {
	if os.Getenv("DURABLE_TEST_HANG") != "" {
		_, _ = os.Stdout.WriteString("in the handler\n")
		<-ctx.Done()
	}
}

// runWorker runs Flows until ctx ends, and says "ready" on stdout once
// started.
func runWorker[TTx any](ctx context.Context, t *testing.T, driver riverdriver.Driver[TTx], cfg durable.Config[TTx]) {
	f, err := durable.New(driver, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Start(ctx); err != nil {
		t.Fatal(err)
	}
	_, _ = os.Stdout.WriteString("ready\n")
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = f.Stop(stopCtx)
}

// worker is a worker process on b's database, polling fake; it is
// killed when the test ends unless stopped before.
type worker struct {
	cmd   *exec.Cmd
	lines chan string // what it says on stdout after "ready"
}

func startWorker[TTx any](t *testing.T, b backend[TTx], fake string, key []byte, env ...string) *worker {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$")
	cmd.Env = append(append(os.Environ(), b.env...), env...)
	cmd.Env = append(cmd.Env, "DURABLE_TEST_FAKE="+fake, "DURABLE_TEST_KEY="+hex.EncodeToString(key))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &worker{cmd: cmd, lines: make(chan string, 16)}
	t.Cleanup(w.kill)
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if lines.Text() == "ready" {
			go func() {
				for lines.Scan() {
					w.lines <- lines.Text()
				}
			}()
			return w
		}
	}
	t.Fatalf("worker process ended before it was ready: %v", lines.Err())
	return nil
}

// kill sends SIGKILL: nothing of the worker runs after it.
func (w *worker) kill() {
	if w.cmd.ProcessState == nil {
		_ = w.cmd.Process.Kill()
		_ = w.cmd.Wait()
	}
}

// gate holds the fake's nth token request until released, or until its
// client gives up: a poll in flight, for as long as the test needs.
type gate struct {
	mu      sync.Mutex
	polls   int
	n       int
	arrived chan struct{}
	release chan struct{}
}

func newGate(n int) *gate {
	return &gate{n: n, arrived: make(chan struct{}), release: make(chan struct{})}
}

func (g *gate) intercept(_ http.ResponseWriter, r *http.Request) bool {
	if !strings.HasSuffix(r.URL.Path, "/token") {
		return false
	}
	g.mu.Lock()
	g.polls++
	n := g.polls
	g.mu.Unlock()
	if n == g.n {
		close(g.arrived)
		select {
		case <-g.release:
		case <-r.Context().Done(): // the answer would reach no one
		}
	}
	return false
}

// TestKilledMidPoll: a worker process is SIGKILLed while its poll is in
// flight; the person approves; another worker process takes the flow
// once River's rescuer frees it, polls once more, and delivers the
// outcome once. The rescue comes tens of seconds after the kill, far
// past the interval, so the wait NextRetry adds is TestNextRetry's to
// check, not this test's.
func TestKilledMidPoll(t *testing.T) { onBoth(t, testKilledMidPoll[pgx.Tx], testKilledMidPoll[*sqlTx]) }

func testKilledMidPoll[TTx any](t *testing.T, b backend[TTx]) {
	g := newGate(2)
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second, Intercept: g.intercept})
	defer gl.Close()
	key := newKey(t)
	begin := beginOnly(t, b, gl, key)
	first := startWorker(t, b, gl.URL, key)
	<-g.arrived
	first.kill()
	close(g.release)
	// The server answers the cut-short poll (pending) to no one. Had the
	// person approved before that answer, the token would have died with
	// the worker: no client can keep what it never received.
	for p := tokenPolls(gl); len(p) < 2 || p[1].Status == 0; p = tokenPolls(gl) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := gl.Approve(begin.started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	startWorker(t, b, gl.URL, key)
	s := waitWithin(t, begin.f, begin.started.ID, 90*time.Second, "ended", ended)
	t.Logf("%s: the flow resumed and was approved %s after its worker was killed mid-poll", b.name, time.Since(killed).Round(time.Millisecond))
	if n := b.delivered(t, begin.started.ID); n != 1 || s.Phase != durable.PhaseApproved {
		t.Fatalf("delivered %d times, status %+v; want approved, once", n, s)
	}
	polls := tokenPolls(gl)
	if len(polls) != 3 {
		t.Fatalf("%d polls; want the first, the one cut short, and the one after the rescue", len(polls))
	}
	assertSchedule(t, polls, time.Second)
}

// TestKilledMidSnooze: a worker process is SIGKILLed between two polls;
// another takes the flow at its NextPollAt, with no rescue to wait for.
func TestKilledMidSnooze(t *testing.T) {
	onBoth(t, testKilledMidSnooze[pgx.Tx], testKilledMidSnooze[*sqlTx])
}

func testKilledMidSnooze[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: 2 * time.Second})
	defer gl.Close()
	key := newKey(t)
	begin := beginOnly(t, b, gl, key)
	first := startWorker(t, b, gl.URL, key)
	waitFor(t, begin.f, begin.started.ID, "polled", func(s *durable.Status) bool { return s.Polls >= 1 })
	first.kill() // the flow is snoozed: its next execution is 2 s after the poll
	if err := gl.Approve(begin.started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	startWorker(t, b, gl.URL, key)
	s := waitWithin(t, begin.f, begin.started.ID, 30*time.Second, "ended", ended)
	if n := b.delivered(t, begin.started.ID); n != 1 || s.Phase != durable.PhaseApproved {
		t.Fatalf("delivered %d times, status %+v; want approved, once", n, s)
	}
	polls := tokenPolls(gl)
	if len(polls) != 2 {
		t.Fatalf("%d polls; want 2", len(polls))
	}
	assertSchedule(t, polls, 2*time.Second)
	// A rescue would take River's leader election and rescuer, 15 s and
	// more; the bound leaves room for a loaded machine (a new -race
	// process, River starting).
	if late := polls[1].At.Sub(polls[0].At) - 2*time.Second; late > 10*time.Second {
		t.Errorf("the poll after the kill came %s after its NextPollAt; a snoozed flow needs no rescue", late)
	}
}

// begun is a flow begun by a Flows that works none (the test's view of
// the database).
type begun[TTx any] struct {
	f       *durable.Flows[TTx]
	started *durable.Started
}

func beginOnly[TTx any](t *testing.T, b backend[TTx], gl *devicetest.Server, key []byte) begun[TTx] {
	t.Helper()
	f, err := durable.New(b.replica(t), durable.Config[TTx]{Logger: quiet, Clients: map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)},
		Keys: keyring(t, "k1", map[string][]byte{"k1": key})})
	if err != nil {
		t.Fatal(err)
	}
	started := begin(t, f)
	return begun[TTx]{f, started}
}

// TestKilledInHandler: a worker process is SIGKILLed inside OnOutcome,
// its row written but not committed; the next worker delivers the sealed
// outcome without polling again (the code is used up), and the row is
// there once.
func TestKilledInHandler(t *testing.T) {
	onBoth(t, testKilledInHandler[pgx.Tx], testKilledInHandler[*sqlTx])
}

func testKilledInHandler[TTx any](t *testing.T, b backend[TTx]) {
	gl := devicetest.NewGitLab(devicetest.Options{Interval: time.Second})
	defer gl.Close()
	key := newKey(t)
	begin := beginOnly(t, b, gl, key)
	if err := gl.Approve(begin.started.Prompt.UserCode); err != nil {
		t.Fatal(err)
	}
	first := startWorker(t, b, gl.URL, key, "DURABLE_TEST_HANG=1")
	select {
	case line := <-first.lines:
		if line != "in the handler" {
			t.Fatalf("worker said %q", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the worker never reached the handler")
	}
	first.kill()
	if n := b.delivered(t, begin.started.ID); n != 0 {
		t.Fatalf("%d rows of a handler whose transaction never committed", n)
	}
	startWorker(t, b, gl.URL, key)
	s := waitWithin(t, begin.f, begin.started.ID, 90*time.Second, "ended", ended)
	if n := b.delivered(t, begin.started.ID); n != 1 || s.Phase != durable.PhaseApproved {
		t.Fatalf("delivered %d times, status %+v; want approved, once", n, s)
	}
	if polls := tokenPolls(gl); len(polls) != 1 {
		t.Errorf("%d polls; want the one that got the token", len(polls))
	}
}
