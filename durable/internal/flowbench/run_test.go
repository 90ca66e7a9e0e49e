package flowbench

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/durable"
)

// setup is what every run of an iteration shares.
type setup struct {
	flows, workers int
	// The fake's: every code approved at approveAfter, off a multiple
	// of the interval (see minPolls), and valid for lifetime.
	interval, approveAfter, lifetime time.Duration
	maxWorkers, maxConns             int
	fetchPoll, fetchCooldown         time.Duration
	killLeader                       bool   // the kill run kills River's leader, else another worker
	dir, profileDir, dumpDir         string // helpers' files; CPU profiles of the durable run and polls judged, if set
}

// result is a run's figures and what tells where its time went.
type result struct {
	figures
	stmts      map[string]stmtStat
	cpu        cpuReport
	beginLag   time.Duration // how late the latest Begin started
	executions int           // job executions (snoozes and attempts)
	walBytes   int64         // PostgreSQL's WAL written during the run
	lostWhy    []string      // the lost flows, by how they stand
	// The kill run's.
	killed       string
	killedLeader bool
	stuck        int           // jobs the killed worker held
	resume       time.Duration // their longest wait past NextPollAt
}

// cpuReport is the CPU time each party used during a run.
type cpuReport struct {
	wall, workers, fake, postgres, self time.Duration
	machine                             time.Duration // every process's
}

func (c cpuReport) String() string {
	r := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s" }
	others := c.machine - c.workers - c.fake - c.postgres - c.self
	return fmt.Sprintf("CPU over %s wall: workers %s, fake %s, PostgreSQL %s, benchmark %s, other processes %s", r(c.wall),
		r(c.workers), r(c.fake), r(c.postgres), r(c.self), r(others))
}

// cluster is a durable run's processes: the fake and the workers, on a
// schema of their own.
type cluster struct {
	s       setup
	name    string
	db      *database
	fake    *child
	fakeURL string
	workers []*child
	ids     []string
}

func (c *cluster) file(what string) string { return filepath.Join(c.s.dir, c.name+"-"+what) }

func startCluster(ctx context.Context, s setup, name string, key []byte) (*cluster, error) {
	c := &cluster{s: s, name: name}
	var err error
	if c.db, err = newDatabase(ctx); err != nil {
		return c, err
	}
	if c.fake, c.fakeURL, err = startFake(ctx, s, c.name+"-fake"); err != nil {
		return c, err
	}
	for i := range s.workers {
		id := fmt.Sprintf("%s-worker-%d", name, i)
		cfg := workerConfig{ID: id, DB: c.db.url, Schema: c.db.schema, FakeURL: c.fakeURL, Key: key,
			MaxWorkers: s.maxWorkers, MaxConns: s.maxConns, FetchPollInterval: s.fetchPoll, FetchCooldown: s.fetchCooldown,
			Stats: c.file(id + ".json"), Dues: c.file(id + "-dues.jsonl")}
		if s.profileDir != "" && name == "durable" {
			cfg.CPUProfile = filepath.Join(s.profileDir, id+".pprof")
		}
		w, err := spawn(ctx, s.dir, id, "worker", cfg, &workerReady{})
		if err != nil {
			return c, err
		}
		c.workers, c.ids = append(c.workers, w), append(c.ids, id)
	}
	return c, nil
}

// startFake starts the fake's process.
func startFake(ctx context.Context, s setup, name string) (*child, string, error) {
	var ready fakeReady
	fake, err := spawn(ctx, s.dir, name, "fake", fakeConfig{Interval: s.interval, ApproveAfter: s.approveAfter,
		Lifetime: s.lifetime, Out: filepath.Join(s.dir, name+".json")}, &ready)
	return fake, ready.URL, err
}

// stopFake ends the fake and reads its records.
func stopFake(fake *child, s setup) (fakeRecords, error) {
	var recs fakeRecords
	if err := fake.stop(time.Minute); err != nil {
		return recs, err
	}
	err := readJSON(filepath.Join(s.dir, fake.name+".json"), &recs)
	return recs, err
}

// stop ends the workers gracefully (a killed one is gone already) and
// then the fake, and collects what they recorded.
func (c *cluster) stop() (fakeRecords, schedule, map[string]stmtStat, error) {
	var errs []error
	var stats []map[string]stmtStat
	dues := schedule{}
	for i, w := range c.workers {
		select {
		case <-w.done: // killed
		default:
			errs = append(errs, w.stop(time.Minute))
		}
		var ws workerStats
		errs = append(errs, readJSON(c.file(c.ids[i]+".json"), &ws))
		stats = append(stats, ws.Statements)
		errs = append(errs, dues.read(c.file(c.ids[i]+"-dues.jsonl")))
	}
	recs, err := stopFake(c.fake, c.s)
	_, by := stmtTotals(stats...)
	return recs, dues, by, errors.Join(append(errs, err)...)
}

// close kills whatever still runs (after a failure) and drops the schema.
func (c *cluster) close(ctx context.Context) error {
	for _, p := range append([]*child{c.fake}, c.workers...) {
		if p != nil {
			p.kill()
		}
	}
	if c.db == nil {
		return nil
	}
	return c.db.drop(ctx)
}

// beginner is the benchmark's own Flows, not started: it begins flows,
// which the workers poll.
func (c *cluster) beginner(key []byte) (*durable.Flows[pgx.Tx], *recordingClient, error) {
	client, err := gitlabClient(c.fakeURL, starters)
	if err != nil {
		return nil, nil, err
	}
	rc := newRecordingClient(client)
	keys, err := durable.NewKeyring("bench", map[string][]byte{"bench": key})
	if err != nil {
		return nil, nil, err
	}
	f, err := durable.New(riverpgxv5.New(c.db.pool), durable.Config[pgx.Tx]{
		Clients: map[string]devicecode.Client{"gitlab": rc}, Keys: keys, Logger: quietLogger()})
	return f, rc, err
}

func newKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}
