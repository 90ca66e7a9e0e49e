package devicecode_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
)

// efficiency is the figure of merit of a schedule: token requests per flow
// over the RFC minimum, and the delay between approval and token.
type efficiency struct {
	requests, minimum int
	latency           time.Duration // fake time from approval to token
}

func (e efficiency) ratio() float64 { return float64(e.requests) / float64(e.minimum) }

// measureFlow runs a full flow against a token endpoint that approves at
// t0+approve, in fake time.
func measureFlow(ctx context.Context, approve, interval time.Duration, immediate bool) (efficiency, error) {
	clk := fakeclock.NewAuto(t0)
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if clk.Now().Before(t0.Add(approve)) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"authorization_pending"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"TOKEN","token_type":"Bearer","expires_in":7200}`)
	}))
	defer srv.Close()
	dc := newDeviceCode(t0, interval, 15*time.Minute)
	tp := &tokenPoller{TokenURL: srv.URL, ClientID: "c", HTTPClient: srv.Client(), Clock: clk}
	opts := []devicecode.Option{devicecode.WithClock(clk)}
	if immediate {
		opts = append(opts, devicecode.WithPollImmediately())
	}
	p, err := devicecode.NewPoller(dc, tp.PollFunc(dc), opts...)
	if err != nil {
		return efficiency{}, err
	}
	if _, err := p.Wait(ctx); err != nil {
		return efficiency{}, err
	}
	return efficiency{
		requests: int(requests.Load()),
		minimum:  rfcMinimum(approve, interval, immediate),
		latency:  clk.Now().Sub(t0.Add(approve)),
	}, nil
}

// rfcMinimum is the fewest requests that can see an approval at approve
// while keeping the interval: ⌈approve/interval⌉ + 1 when the first poll
// goes out at once, one fewer (but at least one) after an initial wait.
func rfcMinimum(approve, interval time.Duration, immediate bool) int {
	n := int((approve + interval - 1) / interval)
	if immediate {
		return n + 1
	}
	return max(n, 1)
}

// approvalTimes run from at once to the last approval a client can see
// within the 15-minute lifetime without polling sooner than the interval:
// one interval before the expiry (a later one falls between the last poll
// and the expiry, and the engine sends no poll past the expiry).
func approvalTimes(interval time.Duration) []time.Duration {
	return []time.Duration{0, time.Second, 4900 * time.Millisecond, 5 * time.Second,
		12 * time.Second, time.Minute, 299 * time.Second, 15*time.Minute - interval}
}

func TestEfficiency(t *testing.T) {
	for _, immediate := range []bool{false, true} {
		for _, interval := range []time.Duration{5 * time.Second, 7 * time.Second} {
			for _, approve := range approvalTimes(interval) {
				name := fmt.Sprintf("immediate=%v/interval=%s/approve=%s", immediate, interval, approve)
				t.Run(name, func(t *testing.T) {
					e, err := measureFlow(ctxTimeout(t), approve, interval, immediate)
					if err != nil {
						t.Fatal(err)
					}
					t.Logf("requests %d / RFC minimum %d = %.2f; approval-to-token latency %s",
						e.requests, e.minimum, e.ratio(), e.latency)
					if e.ratio() != 1 || e.latency > interval+50*time.Millisecond {
						t.Errorf("ratio %.2f, latency %s; want 1.00 and ≤ interval+50ms", e.ratio(), e.latency)
					}
				})
			}
		}
	}
}

// BenchmarkFlow reports the figures of merit over the approval times, and
// the real cost of running a simulated 15-minute flow.
func BenchmarkFlow(b *testing.B) {
	var ratio float64
	var worst time.Duration
	for b.Loop() {
		ratio, worst = 0, 0
		for _, approve := range approvalTimes(5 * time.Second) {
			e, err := measureFlow(context.Background(), approve, 5*time.Second, true)
			if err != nil {
				b.Fatal(err)
			}
			ratio = max(ratio, e.ratio())
			worst = max(worst, e.latency)
		}
	}
	b.ReportMetric(ratio, "requests/rfc-min")
	b.ReportMetric(worst.Seconds(), "max-approval-latency-s")
}
