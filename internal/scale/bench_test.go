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
)

// runs reports whether the benchmark runs variant.
func runs(variant string) bool { return slices.Contains(strings.Split(*variants, ","), variant) }

// The schedules: on the fake clock ten waves two intervals apart, so a
// flow waits for 2 to 20 polls. x/oauth2 runs in real time: a 2 s
// interval, which a loopback server on a small machine still answers
// 10,000 times in, and five waves one interval apart (two with -short),
// to keep that part to about ten seconds.
func fakePlan(n int) plan { return plan{flows: n, waves: 10, every: 2, interval: 5 * time.Second} }

func realPlan(n int) plan {
	waves := 5
	if testing.Short() {
		waves = 2
	}
	return plan{flows: n, waves: waves, every: 1, interval: 2 * time.Second}
}

// BenchmarkPendingFlows is a scale measurement, not a speed one: run it
// with -benchtime 1x. Each iteration runs every variant once; the figures
// reported are the last iteration's.
func BenchmarkPendingFlows(b *testing.B) {
	n := *flows
	if testing.Short() {
		n = 500
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	sampleFinely()
	warmGoroutines(n + 1000)
	var wait, once, x figures
	for range b.N {
		if runs("Wait") {
			wait = must(b, "Wait")(runWait(ctx, fakePlan(n)))
		}
		if runs("PollOnce") {
			once = must(b, "PollOnce")(runPollOnce(ctx, fakePlan(n)))
		}
		if runs("xoauth2") {
			x = must(b, "x/oauth2")(runXOAuth2(ctx, realPlan(n)))
		}
	}
	wait.report(b, "")
	once.report(b, "pollonce-")
	x.report(b, "xoauth2-")
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
