// Package pgtest is where durable's tests and its benchmark (flowbench)
// find PostgreSQL, and how they skip without it.
package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// URL is DEVICECODE_POSTGRES_URL, by default postgres on 127.0.0.1:5432,
// database test.
func URL() string {
	if u := os.Getenv("DEVICECODE_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// Connect connects to URL. Without a server it skips tb, except under
// CI=true, where it fails: CI provides one.
func Connect(tb testing.TB) *pgx.Conn {
	tb.Helper()
	conn, err := pgx.Connect(context.Background(), URL())
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL at %s (DEVICECODE_POSTGRES_URL): %v", URL(), err)
		}
		tb.Skipf("no PostgreSQL at %s (set DEVICECODE_POSTGRES_URL; CI=true fails instead): %v", URL(), err)
	}
	return conn
}

// PoolConfig is a pool's configuration on URL whose connections use
// schema (a test's or a run's own).
func PoolConfig(schema string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(URL())
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	return cfg, nil
}
