package demo

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"

	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/durable"
)

// process is one run of the integrator's program in the durable
// scenario: its own connection to the database file, its own vendor
// client, its own Flows.
type process struct {
	db    *sql.DB
	flows *durable.Flows[*sql.Tx]
	n     int
}

// migrate is the deploy step: River's schema, and the integrator's table
// the outcome handler writes to.
func (d *durableRun) migrate(ctx context.Context) error {
	db, err := durable.OpenSQLite(ctx, d.path)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := durable.Migrate(ctx, riversqlite.New(db)); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "CREATE TABLE credentials (flow INTEGER NOT NULL, vendor TEXT NOT NULL, credential TEXT NOT NULL)")
	return err
}

// start opens the database and works flows, as a process starting does.
func (d *durableRun) start(ctx context.Context) (*process, error) {
	db, err := durable.OpenSQLite(ctx, d.path)
	if err != nil {
		return nil, err
	}
	flows, err := d.newFlows(db)
	if err == nil {
		err = flows.Start(ctx)
	}
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	d.worker++
	d.say.line("worker %d started", d.worker)
	return &process{db: db, flows: flows, n: d.worker}, nil
}

// newFlows is a process's Flows, with a vendor client of its own built as
// the process starts (VB365's signs in afresh), and no log: the demo
// shows its own lines.
func (d *durableRun) newFlows(db *sql.DB) (*durable.Flows[*sql.Tx], error) {
	c, _, err := d.v.client(d.set.base, devicecode.WithHTTPClient(&http.Client{Transport: d.rec}))
	if err != nil {
		return nil, err
	}
	return durable.New(riversqlite.New(db), durable.Config[*sql.Tx]{
		Clients:   map[string]devicecode.Client{string(d.v.vendor): c},
		Keys:      d.keys,
		OnOutcome: storeOutcome,
		Logger:    slog.New(slog.DiscardHandler),
	})
}

// stop stops the worker, which waits for a poll in flight, and closes the
// process's connection; after Ctrl-C too, so that no job is left running.
func (d *durableRun) stop(ctx context.Context, p *process) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), durableTimeout)
	defer cancel()
	err := p.flows.Stop(ctx)
	d.say.line("worker %d stopped", p.n)
	return errors.Join(err, p.db.Close())
}

// storeOutcome is the integrator's outcome handler: it keeps the
// credential in its own table, in the transaction that completes the
// job, so the row exists if and only if the flow is done.
func storeOutcome(ctx context.Context, tx *sql.Tx, d durable.Delivery) error {
	credential := d.Outcome.UserCode // VB365 keeps the token; the approved code is what it hands out
	if d.Outcome.Token != nil {
		credential = d.Outcome.Token.AccessToken
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO credentials VALUES (?, ?, ?)", d.ID, string(d.Outcome.Vendor), credential)
	return err
}
