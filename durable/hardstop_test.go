package durable_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/durable"
)

// TestHardStopMidPoll: a replica stopped the hard way (its Start context
// cancelled) during a poll: the next replica polls an interval after the
// cut-short poll, which reached the server, not at once.
func TestHardStopMidPoll(t *testing.T) {
	onBoth(t, testHardStopMidPoll[pgx.Tx], testHardStopMidPoll[*sqlTx])
}

func testHardStopMidPoll[TTx any](t *testing.T, b backend[TTx]) {
	g := newGate(1) // never released: the answer never reaches the cancelled client
	gl := devicetest.NewGitLab(devicetest.Options{Interval: 3 * time.Second, Intercept: g.intercept})
	defer gl.Close()
	keys := oneKey(t)
	clients := map[string]devicecode.Client{"gitlab": gitlabClient(t, gl)}
	a, err := durable.New(b.replica(t), durable.Config[TTx]{Clients: clients, Keys: keys, OnOutcome: b.store, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	started := begin(t, a)
	<-g.arrived
	cancel() // hard stop
	sctx, c2 := context.WithTimeout(context.Background(), 10*time.Second)
	_ = a.Stop(sctx)
	c2()
	replica(t, b, keys, clients, nil)
	waitFor(t, a, started.ID, "polled again", func(*durable.Status) bool { return len(tokenPolls(gl)) >= 2 })
	polls := tokenPolls(gl)
	if gap := polls[1].At.Sub(polls[0].At); gap < 3*time.Second {
		t.Errorf("the poll after the cut-short one came %s after it; the interval is 3 s", gap)
	}
}
