package scale

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

type poller = deviceflow.Poller[*oauth2.Token]

// runPollOnce keeps the pending flows in a table, as a web backend does,
// and one scheduler sends the polls that are due (Poller.PollOnce) through
// a few workers: no goroutine per flow. The fake clock jumps to the next
// due poll or approval, read from each flow's State().NextPollAt.
func runPollOnce(ctx context.Context, p plan) (figures, error) {
	goroutines := runtime.NumGoroutine()
	clk := fakeclock.New(t0)
	srv := devicetest.NewGitLab(devicetest.Options{Clock: clk, Interval: p.interval})
	tr := newTransport()
	f, err := pollOnceFlows(ctx, p, clk, srv, tr)
	srv.Close()
	tr.CloseIdleConnections()
	f.leaked = leaked(goroutines)
	return f, err
}

func pollOnceFlows(ctx context.Context, p plan, clk *fakeclock.Clock, srv *devicetest.Server, tr *http.Transport) (figures, error) {
	hc := &http.Client{Transport: tr}
	c, err := gitlab.New(gitlab.Config{BaseURL: srv.URL, ClientID: "scale"}, gitlab.WithClock(clk), gitlab.WithHTTPClient(hc))
	if err != nil {
		return figures{}, err
	}
	// The watch starts after the collection, so that the last variant's
	// garbage is not its first sample.
	base := live()
	peak := watchPeak("PollOnce")
	a := newApprovals(srv, p.flows, peak)
	table := make([]*poller, p.flows)
	poll := tokenPoll(deviceflow.NewHTTPClient(hc), srv.URL+"/oauth/token", clk)
	err = parallel(ctx, p.flows, func(ctx context.Context, i int) error {
		a.start[i] = clk.Now()
		dc, err := c.Start(ctx, "read_user")
		if err != nil {
			return err
		}
		a.codes[i] = dc.UserCode
		table[i], err = deviceflow.NewPoller(dc, poll(dc.DeviceCode), deviceflow.WithClock(clk))
		return err
	})
	f := figures{flows: p.flows}
	if err == nil {
		f.heapPerFlow, f.stackPerFlow = perFlow(base, live(), p.flows)
		err = schedule(ctx, p, clk, a, table, peak)
	}
	f.runPeak, f.pending, f.base = peak.end(), a.pending, base.heap
	f.requests, f.minimum = tokenRequests(srv), a.minimum(p.interval)
	return f, err
}

// schedule polls the due flows, drops the finished ones, then moves the
// clock to the next due poll or approval, until the table is empty.
func schedule(ctx context.Context, p plan, clk *fakeclock.Clock, a *approvals, table []*poller, peak *peakWatch) error {
	pending := make([]int, p.flows)
	for i := range pending {
		pending[i] = i
	}
	for len(pending) > 0 {
		var err error
		if pending, err = pollDue(ctx, clk.Now(), table, pending); err != nil {
			return err
		}
		peak.sample()
		elapsed := clk.Now().Sub(t0)
		next := nextEvent(p, elapsed, table, pending)
		if len(pending) > 0 && next > p.approveAt(p.waves-1)+2*p.interval {
			return fmt.Errorf("%d flows still pending at %s", len(pending), next)
		}
		clk.Advance(next - elapsed)
		if err := a.approve(p.due(elapsed, next), clk.Now()); err != nil {
			return err
		}
	}
	return nil
}

// pollDue sends PollOnce for every pending flow whose poll is due and
// returns the flows still pending; any outcome but a token or
// authorization_pending is an error.
func pollDue(ctx context.Context, now time.Time, table []*poller, pending []int) ([]int, error) {
	var due []int
	for _, i := range pending {
		if !now.Before(table[i].State().NextPollAt) {
			due = append(due, i)
		}
	}
	done := make([]bool, len(due))
	err := parallel(ctx, len(due), func(ctx context.Context, j int) error {
		_, err := table[due[j]].PollOnce(ctx)
		done[j] = err == nil
		if err != nil && !errors.Is(err, deviceflow.ErrAuthorizationPending) {
			return err
		}
		return nil
	})
	still := pending[:0]
	for k, j := 0, 0; k < len(pending); k++ {
		if j < len(due) && due[j] == pending[k] {
			if !done[j] {
				still = append(still, pending[k])
			}
			j++
			continue
		}
		still = append(still, pending[k])
	}
	return still, err
}

// nextEvent is the earliest due poll or approval after elapsed.
func nextEvent(p plan, elapsed time.Duration, table []*poller, pending []int) time.Duration {
	next := time.Duration(1<<63 - 1)
	for w := range p.waves {
		if at := p.approveAt(w); at > elapsed {
			next = min(next, at)
		}
	}
	for _, i := range pending {
		next = min(next, table[i].State().NextPollAt.Sub(t0))
	}
	return next
}

// tokenPoll is the engine's PollFunc for a device code: one device-grant
// request to the token endpoint. The vendor packages keep theirs
// unexported, so a backend driving PollOnce writes this much itself.
func tokenPoll(hc *http.Client, tokenURL string, clk clock.Clock) func(deviceCode string) deviceflow.PollFunc[*oauth2.Token] {
	return func(deviceCode string) deviceflow.PollFunc[*oauth2.Token] {
		return func(ctx context.Context) (*oauth2.Token, error) {
			form := url.Values{"grant_type": {deviceflow.GrantType}, "device_code": {deviceCode}, "client_id": {"scale"}}
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := hc.Do(req)
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return nil, err
			}
			return deviceflow.ParseTokenResponse(resp, body, clk.Now())
		}
	}
}
