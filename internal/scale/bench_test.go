package scale

import (
	"context"
	"flag"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	flows    = flag.Int("flows", 10000, "pending flows per variant of BenchmarkPendingFlows (-short: 500)")
	variants = flag.String("variants", "Wait,PollOnce,xoauth2", "the variants BenchmarkPendingFlows runs, comma-separated")
	shapes   = flag.String("shapes", "spread,burst", "the arrival shapes BenchmarkPendingFlows runs, comma-separated")
)

// runs reports whether the benchmark runs variant in the shape of p.
func runs(variant string, p plan) bool {
	shape := map[bool]string{true: "spread", false: "burst"}[p.spread]
	return slices.Contains(strings.Split(*variants, ","), variant) && slices.Contains(strings.Split(*shapes, ","), shape)
}

// The schedules: on the fake clock ten waves two intervals apart, so a
// flow waits for 2 to 20 polls. x/oauth2 runs in real time: a 2 s
// interval, which a loopback server on a small machine still answers
// 10,000 times in, and three waves two intervals apart (two with -short),
// to keep that part to about ten seconds a shape; the first approval
// comes after a poll round there too.
func fakePlan(n int, spread bool) plan {
	return plan{flows: n, waves: 10, every: 2, interval: 5 * time.Second, spread: spread}
}

func realPlan(n int, spread bool) plan {
	waves := 3
	if testing.Short() {
		waves = 2
	}
	return plan{flows: n, waves: waves, every: 2, interval: 2 * time.Second, spread: spread}
}

// BenchmarkPendingFlows is a scale measurement, not a speed one: run it
// with -benchtime 1x. Each iteration runs every variant in each shape
// once; the figures reported are the last iteration's.
func BenchmarkPendingFlows(b *testing.B) {
	n := *flows
	if testing.Short() {
		n = 500
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	sampleFinely()
	warmGoroutines(n + 1000)
	type run struct {
		variant, prefix string
		do              func(context.Context, plan) (figures, error)
		plan            func(int, bool) plan
	}
	all := []run{{"Wait", "", runWait, fakePlan}, {"PollOnce", "pollonce-", runPollOnce, fakePlan},
		{"xoauth2", "xoauth2-", runXOAuth2, realPlan}}
	got := map[string]figures{}
	for range b.N {
		for _, spread := range []bool{true, false} {
			for _, r := range all {
				if p := r.plan(n, spread); runs(r.variant, p) {
					got[p.shape()+r.prefix] = must(b, p.shape()+r.variant)(r.do(ctx, p))
				}
			}
		}
	}
	for prefix, f := range got {
		f.report(b, prefix)
	}
}

// must fails the benchmark when a variant's flows did not all finish.
func must(b *testing.B, variant string) func(figures, error) figures {
	return func(f figures, err error) figures {
		b.Helper()
		if err != nil {
			b.Fatalf("%s: %v", variant, err)
		}
		b.Logf("%s: %v", variant, f)
		return f
	}
}
