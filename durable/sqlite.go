package durable

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // the pure-Go SQLite: no cgo
)

// OpenSQLite opens (creating it) the SQLite database at path for
// riversqlite.New, the embedded default for a program of one process:
// one connection (SQLite writes one at a time, and River's services
// would otherwise meet SQLITE_BUSY), write-ahead logging and a busy
// timeout for other processes reading it.
func OpenSQLite(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{"_pragma": {"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)"}}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("durable: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("durable: opening %s: %w", path, err)
	}
	return db, nil
}
