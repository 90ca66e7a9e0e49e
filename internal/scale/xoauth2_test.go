package scale

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/devicetest"
)

// xDeviceAccessToken is where x/oauth2 sleeps between polls.
const xDeviceAccessToken = "golang.org/x/oauth2.(*Config).DeviceAccessToken"

// runXOAuth2 is golang.org/x/oauth2's DeviceAuth and DeviceAccessToken
// against the same fake. x/oauth2 waits on real timers, so this part runs,
// and approves, in real time.
func runXOAuth2(ctx context.Context, p plan) (figures, error) {
	goroutines := runtime.NumGoroutine()
	srv := devicetest.NewGitLab(devicetest.Options{Interval: p.interval})
	tr := newTransport()
	f, err := xFlows(ctx, p, srv, tr)
	srv.Close()
	tr.CloseIdleConnections()
	f.leaked = leaked(goroutines)
	return f, err
}

func xFlows(ctx context.Context, p plan, srv *devicetest.Server, tr *http.Transport) (figures, error) {
	cfg := &oauth2.Config{ClientID: "scale", Scopes: []string{"read_user"}, Endpoint: oauth2.Endpoint{
		DeviceAuthURL: srv.URL + "/oauth/authorize_device", TokenURL: srv.URL + "/oauth/token"}}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: tr})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The watch starts after the collection, so that the last variant's
	// garbage is not its first sample.
	base := live()
	peak := watchPeak("xoauth2")
	a := newApprovals(srv, p.flows, peak)
	das := make([]*oauth2.DeviceAuthResponse, p.flows)
	err := parallel(ctx, p.flows, func(ctx context.Context, i int) (err error) {
		das[i], err = cfg.DeviceAuth(ctx)
		if err == nil {
			a.codes[i] = das[i].UserCode
		}
		return err
	})
	if err != nil {
		peak.end()
		return figures{}, err
	}
	errs := make([]error, p.flows)
	var wg sync.WaitGroup
	began := time.Now()
	for i, da := range das {
		a.start[i] = time.Now() // x/oauth2's ticker starts right after
		wg.Go(func() { _, errs[i] = cfg.DeviceAccessToken(ctx, da) })
	}
	f, err := driveX(ctx, p, a, began, base, peak)
	if err != nil {
		cancel()
	}
	wg.Wait()
	f.runPeak, f.pending, f.base = peak.end(), a.pending, base.heap
	if err == nil {
		err = finished(errs)
	}
	f.requests, f.minimum = tokenRequests(srv), a.minimum(p.interval)
	return f, err
}

// driveX measures the flows once all sleep before their first poll, then
// approves each wave at its time.
func driveX(ctx context.Context, p plan, a *approvals, began time.Time, base snapshot, peak *peakWatch) (figures, error) {
	f := figures{flows: p.flows}
	if err := waitParked(ctx, xDeviceAccessToken, p.flows); err != nil {
		return f, err
	}
	f.heapPerFlow, f.stackPerFlow = perFlow(base, live(), p.flows)
	// Real time ran on while measuring: polls sent by now are in the figure.
	if n := tokenRequests(a.srv); n > 0 {
		f.note = fmt.Sprintf("%d polls were sent before the pending heap was measured", n)
	}
	for w := range p.waves {
		t := time.NewTimer(time.Until(began.Add(p.approveAt(w))))
		select {
		case <-ctx.Done():
			t.Stop()
			return f, ctx.Err()
		case <-t.C:
		}
		if err := a.approve(p.members(w), time.Now()); err != nil {
			return f, err
		}
		peak.sample()
	}
	return f, nil
}
