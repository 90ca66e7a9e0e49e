package flowbench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/durable/internal/pgtest"
)

func openPool(ctx context.Context, url, schema string, maxConns int, tr pgx.QueryTracer) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	if maxConns > 0 {
		cfg.MaxConns = int32(maxConns)
	}
	if tr != nil {
		cfg.ConnConfig.Tracer = tr
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// database is one run's schema: River's tables, migrated, and the
// integrator's table of delivered outcomes.
type database struct {
	url, schema string
	pool        *pgxpool.Pool
}

func newDatabase(ctx context.Context) (*database, error) {
	db := &database{url: pgtest.URL(), schema: "flowbench_" + randomHex(6)}
	admin, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return nil, err
	}
	defer func() { _ = admin.Close(ctx) }()
	for _, q := range []string{"CREATE SCHEMA " + db.schema,
		"CREATE TABLE " + db.schema + ".delivered (flow bigint NOT NULL)"} {
		if _, err := admin.Exec(ctx, q); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	if db.pool, err = openPool(ctx, db.url, db.schema, 0, nil); err != nil {
		return nil, err
	}
	return db, durable.Migrate(ctx, riverpgxv5.New(db.pool))
}

// drop removes the schema.
func (db *database) drop(ctx context.Context) error {
	if db.pool != nil {
		db.pool.Close()
	}
	admin, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return err
	}
	defer func() { _ = admin.Close(ctx) }()
	_, err = admin.Exec(ctx, "DROP SCHEMA "+db.schema+" CASCADE")
	return err
}

// settled counts the sign-in jobs that have ended.
func (db *database) settled(ctx context.Context) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = $1
		AND state IN ('completed', 'cancelled', 'discarded')`, durable.JobKind).Scan(&n)
	return n, err
}

// waitSettled waits until n jobs have ended or the deadline passes.
func (db *database) waitSettled(ctx context.Context, n int, deadline time.Time) error {
	for time.Now().Before(deadline) {
		done, err := db.settled(ctx)
		if err != nil || done >= n {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

// outcome is what the database says of the run's flows.
type outcome struct {
	approved   int // jobs completed with a row in the integrator's table
	deliveries int // rows in the integrator's table
	executions int // executions of every job: its snoozes and its attempts
}

func (db *database) outcome(ctx context.Context) (outcome, error) {
	var o outcome
	err := db.pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE state = 'completed' AND EXISTS (SELECT 1 FROM delivered d WHERE d.flow = j.id)),
		coalesce(sum(coalesce((metadata->>'snoozes')::int, 0) + attempt), 0)
		FROM river_job j WHERE kind = $1`, durable.JobKind).Scan(&o.approved, &o.executions)
	if err != nil {
		return o, err
	}
	err = db.pool.QueryRow(ctx, "SELECT count(*) FROM delivered").Scan(&o.deliveries)
	return o, err
}

// lostReasons counts the flows not approved by how they stand: River's
// state, the record's status and error, and the first error of an
// execution, which tells what started it.
func (db *database) lostReasons(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT format('%s flows: %s/%s: %s; first execution error: %s', count(*), state, status, error, first)
		FROM (SELECT state, coalesce(metadata->'output'->>'status', '-') AS status,
			left(coalesce(metadata->'output'->>'error', '-'), 120) AS error,
			left(regexp_replace(coalesce(errors[1]->>'error', '-'), 'flow [0-9]+', 'flow N'), 160) AS first
			FROM river_job j WHERE kind = $1
			AND NOT (state = 'completed' AND EXISTS (SELECT 1 FROM delivered d WHERE d.flow = j.id))) lost
		GROUP BY state, status, error, first ORDER BY count(*) DESC LIMIT 5`, durable.JobKind)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// runningOn lists the jobs River holds as running on worker id: those it
// was working when it died.
func (db *database) runningOn(ctx context.Context, id string) ([]int64, error) {
	rows, err := db.pool.Query(ctx, `SELECT id FROM river_job WHERE kind = $1 AND state = 'running'
		AND attempted_by[cardinality(attempted_by)] = $2`, durable.JobKind, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// wal is PostgreSQL's WAL insert position, in bytes: its growth over a
// run is what the run wrote.
func (db *database) wal(ctx context.Context) (int64, error) {
	var n int64
	err := db.pool.QueryRow(ctx, "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint").Scan(&n)
	return n, err
}

// leader is the River client ID that leads maintenance (the rescuer).
func (db *database) leader(ctx context.Context) (string, error) {
	var id string
	err := db.pool.QueryRow(ctx, "SELECT leader_id FROM river_leader LIMIT 1").Scan(&id)
	return id, err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
