package flowbench

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// workerConfig is a worker's process: a durable.Flows on a pool of its
// own, as a replica of an integrator's backend runs it.
type workerConfig struct {
	ID         string // River's client ID, as attempted_by shows it
	DB, Schema string
	FakeURL    string
	Key        []byte
	MaxWorkers int // durable's default if zero
	MaxConns   int // pgxpool's default if zero
	// River's fetch knobs; durable's defaults if zero.
	FetchPollInterval, FetchCooldown time.Duration
	Stats                            string // workerStats, written every second and at exit
	Dues                             string // the dues of its polls, appended every second and at exit
	CPUProfile                       string // a CPU profile of the whole run, if set
}

type workerReady struct{ Ready bool }

// workerStats is what a worker reports: the statements it sent.
type workerStats struct{ Statements map[string]stmtStat }

func runWorker(ctx context.Context, cfg workerConfig) (err error) {
	if cfg.CPUProfile != "" {
		stop, err := profileCPU(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, stop()) }()
	}
	tr := newTracer()
	pool, err := openPool(ctx, cfg.DB, cfg.Schema, cfg.MaxConns, tr)
	if err != nil {
		return err
	}
	defer pool.Close()
	dues := &dueLog{}
	fcfg, err := flowsConfig(cfg, dues)
	if err != nil {
		return err
	}
	flows, err := durable.New(riverpgxv5.New(pool), fcfg)
	if err != nil {
		return err
	}
	// Start's context would cancel the polls in flight at SIGTERM; Stop
	// lets them finish, as a graceful shutdown does.
	if err := flows.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if err := announce(workerReady{Ready: true}); err != nil {
		return err
	}
	reportUntil(ctx, cfg, tr, dues)
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return errors.Join(flows.Stop(stopCtx), writeReport(cfg, tr, dues))
}

// reportUntil writes what the worker saw every second until ctx ends, so
// that a worker SIGKILLed leaves all but its last second's.
func reportUntil(ctx context.Context, cfg workerConfig, tr *tracer, dues *dueLog) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			_ = writeReport(cfg, tr, dues)
		}
	}
}

func writeReport(cfg workerConfig, tr *tracer, dues *dueLog) error {
	return errors.Join(writeJSON(cfg.Stats, workerStats{Statements: tr.snapshot()}), dues.appendTo(cfg.Dues))
}

func flowsConfig(cfg workerConfig, dues *dueLog) (durable.Config[pgx.Tx], error) {
	keys, err := durable.NewKeyring("bench", map[string][]byte{"bench": cfg.Key})
	if err != nil {
		return durable.Config[pgx.Tx]{}, err
	}
	client, err := gitlabClient(cfg.FakeURL, cmp.Or(cfg.MaxWorkers, 100))
	if err != nil {
		return durable.Config[pgx.Tx]{}, err
	}
	return durable.Config[pgx.Tx]{
		Clients:    map[string]devicecode.Client{"gitlab": dueClient{Client: client, log: dues}},
		Keys:       keys,
		OnOutcome:  deliver,
		MaxWorkers: cfg.MaxWorkers,
		River:      &river.Config{ID: cfg.ID, FetchPollInterval: cfg.FetchPollInterval, FetchCooldown: cfg.FetchCooldown},
		Logger:     quietLogger(),
	}, nil
}

// quietLogger keeps warnings and errors (to the process's log file), not
// a line per flow.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// deliver is the integrator's OnOutcome: a row in its own table, in the
// transaction that completes the job.
func deliver(ctx context.Context, tx pgx.Tx, d durable.Delivery) error {
	_, err := tx.Exec(ctx, "INSERT INTO delivered (flow) VALUES ($1)", d.ID)
	return err
}

// gitlabClient is a client of the fake whose transport keeps a connection
// per concurrent poll: net/http's default keeps two per host, and a
// replica polling a hundred flows at once would dial most polls anew.
func gitlabClient(url string, conns int) (devicecode.Client, error) {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return gitlab.New(gitlab.Config{BaseURL: url, ClientID: "flowbench", Scopes: []string{"read_user"}},
		devicecode.WithHTTPClient(&http.Client{Transport: tr}))
}

func profileCPU(path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return func() error { pprof.StopCPUProfile(); return f.Close() }, nil
}
