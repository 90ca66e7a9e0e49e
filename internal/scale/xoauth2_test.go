package scale

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// xDeviceAccessToken is where x/oauth2 sleeps between polls.
const xDeviceAccessToken = "golang.org/x/oauth2.(*Config).DeviceAccessToken"

// runXOAuth2 is golang.org/x/oauth2's DeviceAuth and DeviceAccessToken
// against the same fake. x/oauth2 waits on real timers, so this part runs,
// starts and approves its flows in real time, a tick at a time.
func runXOAuth2(ctx context.Context, p plan) (figures, error) {
	goroutines := runtime.NumGoroutine()
	srv := newFake(nil, p.interval)
	tr := newTransport()
	f, err := xFlows(ctx, p, srv, tr)
	srv.Close()
	tr.CloseIdleConnections()
	f.leaked = leaked(goroutines)
	return f, err
}

func xFlows(ctx context.Context, p plan, srv *fake, tr *http.Transport) (figures, error) {
	// A public client's style, stated: left to detect it, x/oauth2 sends
	// each pending poll twice (Basic, then the form) until one succeeds.
	cfg := &oauth2.Config{ClientID: "scale", Scopes: []string{"read_user"}, Endpoint: oauth2.Endpoint{
		DeviceAuthURL: srv.URL + "/oauth/authorize_device", TokenURL: srv.URL + "/oauth/token",
		AuthStyle: oauth2.AuthStyleInParams}}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: tr})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The watch starts after the collection, so that the last variant's
	// garbage is not its first sample.
	base := live()
	peak := watchPeak(p.shape() + "xoauth2")
	a := newApprovals(srv, p.flows, peak)
	das := make([]*oauth2.DeviceAuthResponse, p.flows)
	var wg sync.WaitGroup
	var failed firstError
	// start asks for the flows' device codes, then starts their polling
	// together, so that a burst is one.
	start := func(flows []int) error {
		err := parallel(ctx, len(flows), func(ctx context.Context, j int) (err error) {
			das[flows[j]], err = cfg.DeviceAuth(ctx)
			return err
		})
		if err != nil {
			return err
		}
		for _, i := range flows {
			a.codes[i], a.start[i] = das[i].UserCode, time.Now() // x/oauth2's ticker starts right after
			wg.Go(func() {
				if _, err := cfg.DeviceAccessToken(ctx, das[i]); err != nil {
					failed.set(i, err)
					cancel()
				}
			})
		}
		return nil
	}
	f, err := driveX(ctx, p, a, start, base)
	if err != nil {
		cancel()
	}
	wg.Wait()
	f.runPeak, f.pending, f.base = peak.end(), a.pending, base.heap
	if failed.err != nil {
		err = failed.err
	}
	f.requests, f.minimum = srv.tokenRequests(), a.minimum(p.interval)
	return f, err
}

// driveX starts and approves the flows at each tick of real time, from
// when the first flows started polling; it measures them once all sleep
// before their first poll.
func driveX(ctx context.Context, p plan, a *approvals, start func([]int) error, base snapshot) (figures, error) {
	f := figures{flows: p.flows}
	began, tick := time.Now(), p.tick()
	for elapsed := time.Duration(0); elapsed <= p.approvalAt(p.flows-1); elapsed += tick {
		if err := sleepUntil(ctx, began.Add(elapsed)); err != nil {
			return f, err
		}
		starting := p.between(p.startAt, elapsed-tick, elapsed)
		if err := start(starting); err != nil {
			return f, err
		}
		if elapsed == 0 {
			began = time.Now()
		}
		if len(starting) > 0 && starting[len(starting)-1] == p.flows-1 {
			if err := measureX(ctx, &f, p.flows, a, base); err != nil {
				return f, err
			}
		}
		// Real time runs on while starting or measuring: a late approval
		// counts from when it was given.
		if err := a.approve(p.between(p.approvalAt, elapsed-tick, elapsed), time.Now()); err != nil {
			return f, err
		}
		a.peak.sample()
	}
	return f, nil
}

// measureX measures the flows once all are parked in x/oauth2.
func measureX(ctx context.Context, f *figures, n int, a *approvals, base snapshot) error {
	if err := waitParked(ctx, xDeviceAccessToken, n); err != nil {
		return err
	}
	f.heapPerFlow, f.stackPerFlow = perFlow(base, live(), n)
	if sent := a.srv.tokenRequests(); sent > 0 {
		f.note = fmt.Sprintf("%d polls were sent before the pending heap was measured", sent)
	}
	return nil
}

func sleepUntil(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
