package durable_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
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
	var mu sync.Mutex
	var arrivals []time.Time
	held := make(chan struct{})
	var once sync.Once
	gl := devicetest.NewGitLab(devicetest.Options{Interval: 3 * time.Second, Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/token") {
			return false
		}
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		n := len(arrivals)
		mu.Unlock()
		if n == 1 {
			once.Do(func() { close(held) })
			<-r.Context().Done() // the answer never reaches the cancelled client
		}
		return false
	}})
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
	<-held
	cancel() // hard stop
	sctx, c2 := context.WithTimeout(context.Background(), 10*time.Second)
	_ = a.Stop(sctx)
	c2()
	replica(t, b, keys, clients, nil)
	waitFor(t, a, started.ID, "polled again", func(*durable.Status) bool {
		mu.Lock()
		defer mu.Unlock()
		return len(arrivals) >= 2
	})
	mu.Lock()
	defer mu.Unlock()
	if gap := arrivals[1].Sub(arrivals[0]); gap < 3*time.Second {
		t.Errorf("the poll after the cut-short one came %s after it; the interval is 3 s", gap)
	}
}
