package flowbench

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/durable/internal/pgtest"
)

var (
	flowCount   = flag.Int("flows", 10000, "flows per run of BenchmarkDurableFlows")
	workerCount = flag.Int("workers", 3, "worker processes")
	variants    = flag.String("variants", "durable,baseline,kill", "the runs, comma-separated")
	maxWorkers  = flag.Int("maxworkers", 0, "durable.Config.MaxWorkers of each worker (0: durable's default)")
	// pgxpool's default, four on this machine, holds up the approvals
	// (each holds a connection for five statements); twenty or more
	// crowd PostgreSQL's backends onto two cores, and three workers of
	// forty exceed its default max_connections.
	maxConns      = flag.Int("maxconns", 10, "each worker's pgxpool MaxConns (0: pgxpool's default)")
	fetchPoll     = flag.Duration("fetchpoll", 0, "River's FetchPollInterval (0: durable's default)")
	fetchCooldown = flag.Duration("fetchcooldown", 0, "River's FetchCooldown (0: River's default)")
	killFollower  = flag.Bool("killfollower", false, "the kill run kills a worker that is not River's leader")
	profileDir    = flag.String("workerprofile", "", "write each worker's CPU profile of the durable run to this directory")
	dumpDir       = flag.String("dump", "", "write every poll of each run, judged, to DIR/<run>-polls.csv")
	keepDir       = flag.String("keep", "", "keep the helpers' logs and records in this directory, not a temporary one")
)

// The fake's schedule: a 5 s interval, every code approved 22.5 s after
// it was issued — the fifth poll of a client on time gets the token, and
// half an interval either way does not change that — and valid long
// enough for the kill run's rescue.
const (
	interval     = 5 * time.Second
	approveAfter = 22500 * time.Millisecond
	lifetime     = 10 * time.Minute
)

// BenchmarkDurableFlows is a load measurement, not a speed one: run it
// with -benchtime 1x (make bench-durable). Each iteration runs every
// variant once, each on a fresh schema and fresh processes; the figures
// reported are the last iteration's.
func BenchmarkDurableFlows(b *testing.B) {
	requirePostgres(b)
	s := setup{flows: *flowCount, workers: *workerCount, interval: interval, approveAfter: approveAfter,
		lifetime: lifetime, maxWorkers: *maxWorkers, maxConns: *maxConns, fetchPoll: *fetchPoll,
		fetchCooldown: *fetchCooldown, killLeader: !*killFollower, dir: cmp.Or(*keepDir, b.TempDir()), profileDir: *profileDir,
		dumpDir: *dumpDir}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	runs := strings.Split(*variants, ",")
	got := map[string]result{}
	for range b.N {
		for _, v := range runs {
			got[v] = must(b, v)(runVariant(ctx, s, v))
		}
	}
	for _, v := range runs {
		report(b, v, got[v])
	}
}

func runVariant(ctx context.Context, s setup, v string) (result, error) {
	switch v {
	case "durable":
		return runDurable(ctx, s, false)
	case "kill":
		return runDurable(ctx, s, true)
	case "baseline":
		return runBaseline(ctx, s)
	}
	return result{}, errUnknownVariant(v)
}

type errUnknownVariant string

func (e errUnknownVariant) Error() string { return "no variant " + string(e) }

// must fails the benchmark when a run could not be measured (lost flows
// are measured, not failures).
func must(b *testing.B, v string) func(result, error) result {
	return func(r result, err error) result {
		b.Helper()
		if err != nil {
			b.Fatalf("%s: %v", v, err)
		}
		b.Logf("%s: %s", v, r)
		return r
	}
}

// report names every figure of a run; the baseline reports its lateness
// only, the kill run what the kill changed.
func report(b *testing.B, v string, r result) {
	switch v {
	case "durable":
		b.ReportMetric(float64(r.flows), "flows")
		b.ReportMetric(ratio(r.requests, r.minimum), "requests/rfc-min")
		b.ReportMetric(float64(r.duplicate), "duplicate-polls")
		b.ReportMetric(float64(r.early), "early-polls")
		b.ReportMetric(r.lateMS(0.50), "late-p50-ms")
		b.ReportMetric(r.lateMS(0.99), "late-p99-ms")
		b.ReportMetric(r.pollsPerSecond(), "polls/s")
		b.ReportMetric(float64(r.statements)/float64(max(r.polls, 1)), "statements/poll")
		b.ReportMetric(float64(r.lost), "lost-flows")
		b.ReportMetric(ratio(r.deliveries, r.flows), "handler-calls/flow")
	case "baseline":
		b.ReportMetric(r.lateMS(0.50), "baseline-late-p50-ms")
		b.ReportMetric(r.lateMS(0.99), "baseline-late-p99-ms")
	case "kill":
		b.ReportMetric(ratio(r.requests, r.minimum), "kill-requests/rfc-min")
		b.ReportMetric(float64(r.duplicate), "kill-duplicate-polls")
		b.ReportMetric(float64(r.early), "kill-early-polls")
		b.ReportMetric(float64(r.stuck), "kill-stuck-flows")
		b.ReportMetric(float64(r.lost), "kill-lost-flows")
		b.ReportMetric(ratio(r.deliveries, r.flows), "kill-handler-calls/flow")
		b.ReportMetric(r.resume.Seconds(), "kill-resume-s")
	}
}

func ratio(a, b int) float64 { return float64(a) / float64(max(b, 1)) }

// requirePostgres skips without a server, except under CI=true.
func requirePostgres(b *testing.B) {
	_ = pgtest.Connect(b).Close(context.Background())
}

// String is a run's figures and where its time went, for the log.
func (r result) String() string {
	var out strings.Builder
	out.WriteString(fmtFigures(r))
	if r.killed != "" {
		out.WriteString("; killed " + r.killed + map[bool]string{true: " (River's leader)", false: ""}[r.killedLeader])
	}
	if len(r.lostWhy) > 0 {
		out.WriteString("; lost: " + strings.Join(r.lostWhy, "; "))
	}
	if len(r.stmts) > 0 {
		out.WriteString("; statement time (total/count): " + strings.Join(topStmts(r.stmts, 8), ", "))
	}
	return out.String()
}

func fmtFigures(r result) string {
	perPoll := func(n int64) float64 { return float64(n) / float64(max(r.polls, 1)) }
	return fmt.Sprintf("%d flows: %d requests for an RFC minimum of %d; %d polls over %.1fs (%.0f/s); %d duplicate, %d early; "+
		"late p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; %d lost, %d handler calls; %d statements (%.2f/poll), "+
		"%d executions (%.2f/poll); WAL %.0f kB/poll; latest Begin %s late; %s",
		r.flows, r.requests, r.minimum, r.polls, r.pollSpan.Seconds(), r.pollsPerSecond(), r.duplicate, r.early,
		r.lateMS(0.5), r.lateMS(0.9), r.lateMS(0.99), r.lateMS(1), r.lost, r.deliveries, r.statements, perPoll(r.statements),
		r.executions, perPoll(int64(r.executions)), perPoll(r.walBytes)/1024, r.beginLag.Round(time.Millisecond), r.cpu)
}
