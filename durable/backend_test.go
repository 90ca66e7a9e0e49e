package durable_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/devicecode/devicecode/durable"
	"github.com/devicecode/devicecode/durable/internal/pgtest"
)

// backend is one database the suite runs on: a fresh River schema per
// test, a driver per replica, the integrator's table of delivered
// outcomes, and a dump of every table as text.
type backend[TTx any] struct {
	name string
	// replica opens a new connection pool, as another process would.
	replica func(t *testing.T) riverdriver.Driver[TTx]
	// store is the integrator's OnOutcome: it keeps the token's last
	// characters (enough to tell tokens apart) in its own table.
	store func(ctx context.Context, tx TTx, d durable.Delivery) error
	// delivered counts the rows store committed for a flow.
	delivered func(t *testing.T, id int64) int
	// dump is every table's rows as text.
	dump func(t *testing.T) string
	// begin opens a transaction of the integrator's on the database.
	begin func(t *testing.T) (tx TTx, commit, rollback func() error)
	// env tells a worker process (see TestWorkerProcess) where the
	// database is.
	env []string
}

// postgres is a backend in a schema of its own, dropped after the test.
// Without a server it skips, except under CI=true, where it fails.
func postgres(t *testing.T) backend[pgx.Tx] {
	t.Helper()
	ctx := context.Background()
	admin := pgtest.Connect(t)
	schema := "durable_" + randomHex(6)
	exec := func(q string) {
		t.Helper()
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("CREATE SCHEMA " + schema)
	exec("CREATE TABLE " + schema + ".delivered (flow bigint NOT NULL, token_tail text NOT NULL)")
	t.Cleanup(func() {
		exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close(ctx)
	})
	cfg, err := pgtest.PoolConfig(schema)
	if err != nil {
		t.Fatal(err)
	}
	open := func(t *testing.T) *pgxpool.Pool {
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		return pool
	}
	pool := open(t)
	b := backend[pgx.Tx]{name: "postgres", env: []string{"DURABLE_TEST_DB=postgres", "DURABLE_TEST_SCHEMA=" + schema},
		replica: func(t *testing.T) riverdriver.Driver[pgx.Tx] { return riverpgxv5.New(open(t)) },
		store: func(ctx context.Context, tx pgx.Tx, d durable.Delivery) error {
			_, err := tx.Exec(ctx, "INSERT INTO delivered VALUES ($1, $2)", d.ID, tail(d))
			return err
		},
		begin: func(t *testing.T) (pgx.Tx, func() error, func() error) {
			tx, err := pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return tx, func() error { return tx.Commit(ctx) }, func() error { return tx.Rollback(ctx) }
		},
		delivered: func(t *testing.T, id int64) int {
			var n int
			if err := pool.QueryRow(ctx, "SELECT count(*) FROM delivered WHERE flow = $1", id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		},
		dump: func(t *testing.T) string {
			var out strings.Builder
			rows, err := pool.Query(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
			if err != nil {
				t.Fatal(err)
			}
			tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			for _, table := range tables {
				rows, err := pool.Query(ctx, "SELECT row_to_json(t)::text FROM "+pgx.Identifier{table}.Sanitize()+" t")
				if err != nil {
					t.Fatal(err)
				}
				lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&out, "%s: %d rows\n%s\n", table, len(lines), strings.Join(lines, "\n"))
			}
			return out.String()
		},
	}
	if err := durable.Migrate(ctx, b.replica(t)); err != nil {
		t.Fatal(err)
	}
	return b
}

// sqlite is a backend in a database file of its own.
func sqlite(t *testing.T) backend[*sql.Tx] {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "flows.db")
	open := func(t *testing.T) *sql.DB {
		db, err := durable.OpenSQLite(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	db := open(t)
	if _, err := db.Exec("CREATE TABLE delivered (flow integer NOT NULL, token_tail text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	b := backend[*sql.Tx]{name: "sqlite", env: []string{"DURABLE_TEST_DB=sqlite", "DURABLE_TEST_SQLITE=" + path},
		replica: func(t *testing.T) riverdriver.Driver[*sql.Tx] { return riversqlite.New(open(t)) },
		store: func(ctx context.Context, tx *sql.Tx, d durable.Delivery) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO delivered VALUES (?, ?)", d.ID, tail(d))
			return err
		},
		begin: func(t *testing.T) (*sql.Tx, func() error, func() error) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			return tx, tx.Commit, tx.Rollback
		},
		delivered: func(t *testing.T, id int64) int {
			var n int
			if err := db.QueryRow("SELECT count(*) FROM delivered WHERE flow = ?", id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		},
		dump: func(t *testing.T) string { return dumpSQLite(t, db) },
	}
	if err := durable.Migrate(ctx, b.replica(t)); err != nil {
		t.Fatal(err)
	}
	return b
}

func dumpSQLite(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	_ = rows.Close()
	var out strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(&out, "%s:\n", table)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(&out, "%v\t", v)
			}
			out.WriteString("\n")
		}
		_ = rows.Close()
	}
	return out.String()
}

// tail is what the integrator's table keeps of a token: its last four
// characters, or the user code's, for Veeam.
func tail(d durable.Delivery) string {
	s := d.Outcome.UserCode
	if d.Outcome.Token != nil {
		s = d.Outcome.Token.AccessToken
	}
	return s[max(0, len(s)-4):]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// onBoth runs a test on PostgreSQL and on SQLite, beside the other tests.
type sqlTx = sql.Tx

func onBoth(t *testing.T, pg func(*testing.T, backend[pgx.Tx]), lite func(*testing.T, backend[*sqlTx])) {
	t.Parallel() // each test has a database of its own
	t.Run("postgres", func(t *testing.T) { t.Parallel(); pg(t, postgres(t)) })
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); lite(t, sqlite(t)) })
}
