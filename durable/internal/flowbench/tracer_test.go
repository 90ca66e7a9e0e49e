package flowbench

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// stmtStat is one kind of statement a worker sent: how many, and the
// time from sending each to its result (network and PostgreSQL).
type stmtStat struct {
	N  int64
	NS int64
}

// tracer counts the statements a connection pool sends — queries, each
// statement of a batch, COPY — by name: sqlc's "-- name: X" that River's
// queries carry, else the statement's first word (BEGIN, COMMIT, INSERT).
type tracer struct {
	mu sync.Mutex
	by map[string]*stmtStat
}

var (
	_ pgx.QueryTracer    = (*tracer)(nil)
	_ pgx.BatchTracer    = (*tracer)(nil)
	_ pgx.CopyFromTracer = (*tracer)(nil)
)

func newTracer() *tracer { return &tracer{by: map[string]*stmtStat{}} }

type traceStart struct {
	name string
	at   time.Time
}

type traceKey struct{}

func (t *tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	return context.WithValue(ctx, traceKey{}, traceStart{name: stmtName(data.SQL), at: time.Now()})
}

func (t *tracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	t.end(ctx, 1)
}

func (t *tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return context.WithValue(ctx, traceKey{}, traceStart{name: "(batch)", at: time.Now()})
}

// TraceBatchQuery counts each statement of a batch; the batch's time goes
// to "(batch)".
func (t *tracer) TraceBatchQuery(_ context.Context, _ *pgx.Conn, data pgx.TraceBatchQueryData) {
	t.add(stmtName(data.SQL), 1, 0)
}

func (t *tracer) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	t.end(ctx, 0)
}

func (t *tracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceCopyFromStartData) context.Context {
	return context.WithValue(ctx, traceKey{}, traceStart{name: "COPY " + data.TableName.Sanitize(), at: time.Now()})
}

func (t *tracer) TraceCopyFromEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromEndData) {
	t.end(ctx, 1)
}

func (t *tracer) end(ctx context.Context, n int64) {
	if s, ok := ctx.Value(traceKey{}).(traceStart); ok {
		t.add(s.name, n, time.Since(s.at))
	}
}

func (t *tracer) add(name string, n int64, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.by[name]
	if s == nil {
		s = &stmtStat{}
		t.by[name] = s
	}
	s.N += n
	s.NS += int64(d)
}

// snapshot copies the counts so far.
func (t *tracer) snapshot() map[string]stmtStat {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]stmtStat, len(t.by))
	for k, v := range t.by {
		out[k] = *v
	}
	return out
}

// stmtName names a statement without its arguments.
func stmtName(sql string) string {
	sql = strings.TrimSpace(sql)
	if rest, ok := strings.CutPrefix(sql, "-- name: "); ok {
		name, _, _ := strings.Cut(rest, " ")
		return name
	}
	word, _, _ := strings.Cut(sql, " ")
	return strings.ToUpper(word)
}

// stmtTotals adds up workers' counts.
func stmtTotals(all ...map[string]stmtStat) (total int64, by map[string]stmtStat) {
	by = map[string]stmtStat{}
	for _, m := range all {
		for k, v := range m {
			s := by[k]
			s.N += v.N
			s.NS += v.NS
			by[k] = s
			total += v.N
		}
	}
	return total, by
}

// topStmts lists the statements that took the most time, longest first.
func topStmts(by map[string]stmtStat, n int) []string {
	names := slices.SortedFunc(maps.Keys(by), func(a, b string) int { return cmp.Compare(by[b].NS, by[a].NS) })
	out := []string{}
	for _, k := range names[:min(n, len(names))] {
		s := by[k]
		out = append(out, k+" "+time.Duration(s.NS).Round(time.Millisecond).String()+"/"+strconv.FormatInt(s.N, 10))
	}
	return out
}
