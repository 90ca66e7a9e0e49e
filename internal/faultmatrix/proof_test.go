package faultmatrix

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestChecksCanFail runs cells with deliberately misbehaving flows and
// requires the matrix's checks to catch them: a poller that polls once
// more, through the proxy, an interval after the answer that ended the
// flow (at every vendor, after the approval, and after a terminal error),
// and one that leaves a goroutine behind.
func TestChecksCanFail(t *testing.T) {
	type tc struct {
		vendor vendor
		fault  Fault
	}
	var repolls []tc
	for _, v := range vendors {
		repolls = append(repolls, tc{v, None})
	}
	repolls = append(repolls, tc{vendors[0], ErrorBody200}, tc{vendors[2], TruncatedJSON})
	for _, x := range repolls {
		t.Run("poll after terminal/"+x.vendor.name+"/"+x.fault.String(), func(t *testing.T) {
			t.Parallel()
			r, problems := runCell(t, x.vendor, stepWait, x.fault, nil, cellOpts{wrap: repollAfter})
			if r.after != 1 || r.left != 0 || !found(problems, "polled 1 times after its terminal answer") {
				t.Errorf("polled after terminal %d, goroutines left %d, problems %q: want the late poll caught",
					r.after, r.left, problems)
			}
		})
	}
	t.Run("goroutine left", func(t *testing.T) {
		t.Parallel()
		// The guard is how long the check waits for a goroutine that
		// never ends; any length catches it.
		r, problems := runCell(t, vendors[0], stepWait, None, nil, cellOpts{wrap: leakOne(t), guard: 100 * time.Millisecond})
		if r.left != 1 || r.after != 0 || !found(problems, "1 goroutines of the flow were left") {
			t.Errorf("goroutines left %d, polled after terminal %d, problems %q: want the goroutine caught",
				r.left, r.after, problems)
		}
	})
}

func found(problems []string, s string) bool {
	for _, p := range problems {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}

// repoll is a flow whose wait returns and leaves a goroutine that sends
// the last poll once more, an interval later on the cell's clock.
type repoll struct {
	flow
	c *cell
}

func repollAfter(c *cell, f flow) flow { return &repoll{flow: f, c: c} }

func (r *repoll) wait(ctx context.Context) error {
	err := r.flow.wait(ctx)
	last, ok := r.lastPoll()
	if !ok {
		r.c.t.Fatal("the wait sent no poll")
	}
	go func() {
		<-r.c.clk.NewTimer(interval).C()
		r.send(last)
	}()
	return err
}

func (r *repoll) lastPoll() (Exchange, bool) {
	all := r.c.proxy.Exchanges()
	for i := len(all) - 1; i >= 0; i-- {
		if r.poll(all[i]) {
			return all[i], true
		}
	}
	return Exchange{}, false
}

// send repeats e through the proxy, as the vendor's client sent it.
func (r *repoll) send(e Exchange) {
	ctype := "application/x-www-form-urlencoded"
	if bytes.HasPrefix(e.Body, []byte("{")) {
		ctype = "application/json"
	}
	req, err := http.NewRequestWithContext(context.Background(), e.Method, r.c.proxy.URL+e.Path, bytes.NewReader(e.Body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", ctype)
	hc := &http.Client{Transport: &http.Transport{DialContext: r.c.proxy.DialContext, DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
}

// leak is a flow whose wait leaves a goroutine that runs until the test
// ends.
type leak struct {
	flow
	release chan struct{}
}

func leakOne(t *testing.T) func(*cell, flow) flow {
	return func(_ *cell, f flow) flow {
		l := &leak{flow: f, release: make(chan struct{})}
		t.Cleanup(func() { close(l.release) })
		return l
	}
}

func (l *leak) wait(ctx context.Context) error {
	err := l.flow.wait(ctx)
	go func() { <-l.release }()
	return err
}
