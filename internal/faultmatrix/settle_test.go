package faultmatrix

import (
	"bytes"
	"fmt"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/devicecode/devicecode"
)

// cellLabel is the pprof label that marks a cell's goroutines: every
// goroutine its flow starts inherits it, whoever starts it (the SDK, net/http
// for the flow's requests, a misbehaving poller), and no other carries it,
// so cells running in parallel count only their own.
const cellLabel = "faultmatrix-cell"

// settleSpan is how far settle moves a cell's clock: past the wait of any
// poller still asleep — several intervals and the longest backoff.
const settleSpan = 4*interval + devicecode.DefaultMaxBackoff

// settle moves the cell's clock by settleSpan and waits, in real time up
// to guard, for the goroutines the flow started to end, and returns how
// many are left. Once none is left nothing of the flow can poll any more,
// so the polls counted afterwards are final: a poller that kept polling
// after the terminal answer is seen, as it would not be were the cell
// judged when its step returned.
func (c *cell) settle(guard time.Duration) int {
	c.clk.Advance(settleSpan)
	deadline := time.Now().Add(guard)
	pause := time.Millisecond
	for {
		n := goroutinesLabelled(c.id)
		if n == 0 || time.Now().After(deadline) {
			return n
		}
		// A bounded poll on the condition: goroutines give no signal when
		// they end.
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// goroutinesLabelled counts the live goroutines labelled with the cell id,
// from the goroutine profile (debug=1 groups them by stack and labels:
// "N @ pcs" then "# labels: {...}").
func goroutinesLabelled(id string) int {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	want := fmt.Sprintf("%q:%q", cellLabel, id)
	n := 0
	for _, rec := range strings.Split(b.String(), "\n\n") {
		head, rest, _ := strings.Cut(rec, "\n")
		labels, _, _ := strings.Cut(rest, "\n")
		if !strings.HasPrefix(labels, "# labels: {") || !strings.Contains(labels, want) {
			continue
		}
		var k int
		if _, err := fmt.Sscanf(head, "%d @", &k); err == nil {
			n += k
		}
	}
	return n
}
