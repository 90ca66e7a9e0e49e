package flowbench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/durable"
)

// begun is a flow as the benchmark began it: its job (none in the
// baseline), its device code, and its first NextPollAt, exact from the
// flow's State — the fake's records date the later ones.
type begun struct {
	ID   int64
	Code string
	Due  time.Time
}

// recordingClient is the vendor client Begin runs with: it notes each
// flow's device code and first NextPollAt by user code, which Begin's
// answer carries.
type recordingClient struct {
	devicecode.Client
	mu     sync.Mutex
	byUser map[string]begun
}

func newRecordingClient(c devicecode.Client) *recordingClient {
	return &recordingClient{Client: c, byUser: map[string]begun{}}
}

func (c *recordingClient) Start(ctx context.Context) (*devicecode.Flow, error) {
	fl, err := c.Client.Start(ctx)
	if err != nil {
		return nil, err
	}
	st := fl.State()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byUser[st.DeviceCode.UserCode] = begun{Code: st.DeviceCode.DeviceCode, Due: st.NextPollAt}
	return fl, nil
}

func (c *recordingClient) take(userCode string) (begun, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.byUser[userCode]
	delete(c.byUser, userCode)
	return b, ok
}

// beginFlows begins n flows with Begin spread evenly over one interval.
func beginFlows(ctx context.Context, f *durable.Flows[pgx.Tx], rc *recordingClient, n int, over time.Duration) ([]begun, time.Duration, error) {
	flows := make([]begun, n)
	lag, err := spread(ctx, n, over, func(ctx context.Context, i int) error {
		s, err := f.Begin(ctx, "gitlab")
		if err != nil {
			return err
		}
		b, ok := rc.take(s.Prompt.UserCode)
		if !ok {
			return fmt.Errorf("flow %d: Begin's user code was not the client's", s.ID)
		}
		b.ID = s.ID
		flows[i] = b
		return nil
	})
	return flows, lag, err
}

// starters run a spread's starts: enough for 2,000 a second to keep to
// their time when each takes a few milliseconds.
const starters = 64

// spread runs start(i) for every i below n at i×over/n from now, and
// returns how late the latest one began. It stops at the first error.
func spread(ctx context.Context, n int, over time.Duration, start func(context.Context, int) error) (time.Duration, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	t0 := time.Now()
	var (
		next   atomic.Int64
		maxLag atomic.Int64
		wg     sync.WaitGroup
	)
	for range min(starters, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				at := t0.Add(time.Duration(i) * over / time.Duration(n))
				time.Sleep(time.Until(at))
				storeMax(&maxLag, int64(time.Since(at)))
				if err := start(ctx, i); err != nil {
					cancel(fmt.Errorf("flow %d: %w", i, err))
				}
			}
		})
	}
	wg.Wait()
	return time.Duration(maxLag.Load()), context.Cause(ctx)
}

func storeMax(a *atomic.Int64, v int64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}
