package durable

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
)

// Config is what Flows needs. Clients and Keys are required.
type Config[TTx any] struct {
	// Clients are the vendor clients flows run with, by a name of the
	// integrator's choosing, stored with each flow: every replica
	// registers the same names with clients configured alike (the same
	// server and application), since any replica may poll any flow.
	Clients map[string]devicecode.Client
	// Keys seal each flow's device code and its outcome until delivered.
	Keys *Keyring
	// OnOutcome receives each approved flow's outcome, once, inside the
	// transaction that completes its job: store the token with tx and
	// the two commit together. Use tx, not another connection: on SQLite
	// (OpenSQLite's one connection) that one would wait for tx to end. An error rolls both back and the delivery
	// is retried; nothing polls again. Insert a vendor's completion step
	// (Cohesity's applications, Veeam's organization) as a job of your
	// own with river.ClientFromContext[TTx](ctx).InsertTx(ctx, tx, …),
	// its outcome sealed with Flows.SealOutcome.
	OnOutcome func(ctx context.Context, tx TTx, d Delivery) error
	// River is the River configuration to start from: add your own
	// workers and queues to share the client. Flows adds its worker to
	// Workers (so one Workers serves one Flows) and its queue, and sets
	// the windows documented at DefaultJobTimeout where left zero.
	River *river.Config
	// Queue is the River queue of sign-in jobs; "devicecode" if empty.
	Queue string
	// MaxWorkers is how many polls one replica runs at once; 100 if zero.
	// A pending poll needs no connection of its own, but an approved one
	// holds one for its delivery (six statements, two commits): size the
	// driver's pool for the approvals — pgxpool's default, four on a
	// 2-core machine, let a round of them fall seconds behind in
	// BenchmarkDurableFlows, where ten a replica did best — and keep
	// replicas × pool size under PostgreSQL's max_connections.
	MaxWorkers int
	// Logger receives a line when a flow begins, ends or cannot be read
	// on this replica, and at Debug level each poll — never a secret —
	// and River's own lines; slog's default logger if nil.
	Logger *slog.Logger
}

// Delivery is an approved flow handed to OnOutcome.
type Delivery struct {
	ID      int64  // the flow's ID (its River job's)
	Client  string // the name of the client it ran with
	Outcome *devicecode.Outcome
}

// Flows runs device flows of every vendor as River jobs: one job per
// sign-in, one poll per execution, snoozed until the flow's NextPollAt.
type Flows[TTx any] struct {
	river   *river.Client[TTx]
	driver  riverdriver.Driver[TTx]
	cfg     Config[TTx]
	clients map[string]devicecode.Client
	queue   string
}

// Windows of River for sign-ins, and why:
//   - DefaultJobTimeout bounds one execution, a poll (devicecode's
//     PollTimeout, 30 s) and the outcome handler's transaction; it is the
//     sign-in worker's own Timeout, whatever the client's JobTimeout.
//   - RescueStuckJobsAfter must exceed it, or the rescuer would hand a
//     live poll to a second replica; past it a job still running belongs
//     to a worker that died, and its flow resumes on another. River's
//     rescuer runs every 30 s, and the job it rescues waits the flow's
//     interval (NextRetry) and up to the scheduler's 5 s more, so a
//     killed worker's flow waits 45 to 85 s past its NextPollAt
//     (BenchmarkDurableFlows measured 46 to 80 s): under a tenth of
//     Entra's 15-minute code. Flows sets it, and the
//     client's JobTimeout to DefaultJobTimeout, when the River
//     configuration leaves them zero (they apply to every job of the
//     client).
//   - FetchPollInterval is how late a due poll may start beyond
//     NextPollAt (River's default, 1 s, would be the whole budget); set
//     when left zero.
//
// River's rescuer runs on the leader of the schema's clients, with the
// leader's configuration and workers: every River client that works jobs
// in the schema must be one that Flows built, or register the sign-in
// worker with the same windows, or give durable a schema of its own
// (River.Schema). A leader that does not know the sign-in job discards
// a crashed worker's flows.
const (
	DefaultJobTimeout        = 40 * time.Second
	DefaultRescueAfter       = 45 * time.Second
	DefaultFetchPollInterval = 200 * time.Millisecond
)

// New builds Flows on a River driver: riverpgxv5 for PostgreSQL, or
// riversqlite (see OpenSQLite) for one process. Migrate the database
// first (Migrate). Call Start to work flows on this replica; Begin,
// Status and Cancel work without it.
func New[TTx any](driver riverdriver.Driver[TTx], cfg Config[TTx]) (*Flows[TTx], error) {
	if len(cfg.Clients) == 0 {
		return nil, errors.New("durable: Config.Clients is empty: name at least one vendor client")
	}
	if cfg.Keys == nil {
		return nil, &KeyError{Reason: "Config.Keys is nil: flows' device codes are sealed at rest, see NewKeyring"}
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Clients)) {
		if name == "" || safetext.Show(name) != name || len(name) > 64 || cfg.Clients[name] == nil {
			return nil, fmt.Errorf("durable: Config.Clients: %q is not a client name (1 to 64 printable characters) with a client", safetext.Show(name))
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	f := &Flows[TTx]{driver: driver, cfg: cfg, clients: cfg.Clients, queue: cmp.Or(cfg.Queue, "devicecode")}
	rc, err := river.NewClient(driver, f.riverConfig())
	if err != nil {
		return nil, fmt.Errorf("durable: %w", err)
	}
	f.river = rc
	return f, nil
}

// riverConfig is the caller's River configuration with Flows' worker,
// queue and windows added.
func (f *Flows[TTx]) riverConfig() *river.Config {
	var rc river.Config
	if f.cfg.River != nil {
		rc = *f.cfg.River
	}
	if rc.Workers == nil {
		rc.Workers = river.NewWorkers()
	}
	river.AddWorker(rc.Workers, &worker[TTx]{f: f})
	rc.Queues = maps.Clone(rc.Queues)
	if rc.Queues == nil {
		rc.Queues = map[string]river.QueueConfig{}
	}
	if _, ok := rc.Queues[f.queue]; !ok {
		rc.Queues[f.queue] = river.QueueConfig{MaxWorkers: cmp.Or(f.cfg.MaxWorkers, 100)}
	}
	if rc.JobTimeout == 0 {
		rc.JobTimeout = DefaultJobTimeout
	}
	if rc.RescueStuckJobsAfter == 0 {
		// River wants it above the client's JobTimeout too, which an
		// integrator's own jobs may have raised.
		rc.RescueStuckJobsAfter = max(DefaultRescueAfter, rc.JobTimeout+DefaultRescueAfter-DefaultJobTimeout)
	}
	if rc.FetchPollInterval == 0 {
		rc.FetchPollInterval = max(DefaultFetchPollInterval, rc.FetchCooldown)
	}
	if rc.Logger == nil {
		rc.Logger = f.cfg.Logger
	}
	return &rc
}

// River is the River client Flows runs on: for your own jobs, or
// river.ClientFromContext in OnOutcome.
func (f *Flows[TTx]) River() *river.Client[TTx] { return f.river }

// Start works flows on this replica until Stop. It needs OnOutcome: an
// approved flow's token would have nowhere to go. Cancelling ctx stops
// the replica the hard way, cutting its polls short (River's rule): pass
// a context that lives as long as the replica, and call Stop to end it.
func (f *Flows[TTx]) Start(ctx context.Context) error {
	if f.cfg.OnOutcome == nil {
		return errors.New("durable: Config.OnOutcome is nil: a replica that works flows must hand their outcomes to it")
	}
	return f.river.Start(ctx)
}

// Stop waits for the polls in flight and stops; a flow whose poll was
// cut short is polled again by another replica, never lost.
func (f *Flows[TTx]) Stop(ctx context.Context) error { return f.river.Stop(ctx) }

// Started is a sign-in begun: show Prompt to the person; ID finds the
// flow from any replica.
type Started struct {
	ID     int64
	Prompt devicecode.Prompt
}

// Begin asks the named client's server for a device code and stores the
// flow as a job, polled from then on by whichever replica is free.
func (f *Flows[TTx]) Begin(ctx context.Context, client string) (*Started, error) {
	args, flow, err := f.start(ctx, client)
	if err != nil {
		return nil, err
	}
	res, err := f.river.Insert(ctx, args, f.insertOpts())
	return f.started(res, flow, err)
}

// BeginTx is Begin inserting the job with tx, so that the flow exists if
// and only if the integrator's own rows of that transaction commit. The
// device code is requested before, outside tx.
func (f *Flows[TTx]) BeginTx(ctx context.Context, tx TTx, client string) (*Started, error) {
	args, flow, err := f.start(ctx, client)
	if err != nil {
		return nil, err
	}
	res, err := f.river.InsertTx(ctx, tx, args, f.insertOpts())
	return f.started(res, flow, err)
}

func (f *Flows[TTx]) started(res *rivertype.JobInsertResult, flow *devicecode.Flow, err error) (*Started, error) {
	if err != nil {
		return nil, fmt.Errorf("durable: storing the flow: %w", err)
	}
	p := flow.Prompt()
	f.cfg.Logger.Info("devicecode: sign-in begun", "flow", res.Job.ID, "vendor", string(p.Vendor), "expires_at", p.ExpiresAt)
	return &Started{ID: res.Job.ID, Prompt: p}, nil
}

// start requests the device code and seals its State into the job's
// arguments.
func (f *Flows[TTx]) start(ctx context.Context, name string) (signInArgs, *devicecode.Flow, error) {
	c, ok := f.clients[name]
	if !ok {
		return signInArgs{}, nil, fmt.Errorf("durable: no client named %q in Config.Clients", safetext.Show(name))
	}
	flow, err := c.Start(ctx)
	if err != nil {
		return signInArgs{}, nil, err
	}
	st := flow.State()
	args := signInArgs{Client: name, Vendor: st.DeviceCode.Vendor, Flow: newFlowID(), ExpiresAt: st.ExpiresAt,
		FirstPollAt: st.NextPollAt}
	plain, err := json.Marshal(st)
	if err != nil {
		return signInArgs{}, nil, err
	}
	if args.State, err = f.cfg.Keys.seal(plain, aad(args.Flow, "state")); err != nil {
		return signInArgs{}, nil, err
	}
	return args, flow, nil
}

// insertOpts make the job available at once, not scheduled at the first
// NextPollAt: River's scheduler moves scheduled jobs every 5 s, which would
// make the first poll up to 5 s late; the first execution snoozes instead
// (see snoozeUntil).
func (f *Flows[TTx]) insertOpts() *river.InsertOpts {
	return &river.InsertOpts{Queue: f.queue, MaxAttempts: maxAttempts}
}

// maxAttempts bounds the executions that fail (a missing key, a handler
// that keeps failing, a crashed worker); snoozes use none.
const maxAttempts = 20

func newFlowID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
