package durable

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// TestNextRetry: an execution that failed, or whose worker died and was
// rescued, may have sent its poll, so the next waits the flow's interval
// (RFC 8628 §3.5's 5 s before a poll has recorded one); a delivery backs
// off as River's default policy does. The kill tests cannot see this: a
// rescue comes tens of seconds after the kill, long past their interval.
func TestNextRetry(t *testing.T) {
	sealedOutcome := &sealed{Key: "k1", Data: []byte("x")}
	for _, c := range []struct {
		name string
		rec  *record
		want time.Duration // 0: River's default policy
	}{
		{"before any poll", nil, 5 * time.Second},
		{"after a poll", &record{Status: PhasePending, Interval: 7, Polls: 1}, 7 * time.Second},
		{"an outcome to deliver", &record{Status: PhaseDelivering, Polls: 1, Outcome: sealedOutcome}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			metadata := []byte(`{}`)
			if c.rec != nil {
				out, err := json.Marshal(c.rec)
				if err != nil {
					t.Fatal(err)
				}
				metadata = []byte(`{"output":` + string(out) + `}`)
			}
			job := &river.Job[signInArgs]{JobRow: &rivertype.JobRow{Metadata: metadata}}
			before := time.Now()
			got := (&worker[any]{}).NextRetry(job)
			if c.want == 0 {
				if !got.IsZero() {
					t.Fatalf("NextRetry = %s; want the zero time (River's default policy)", got)
				}
				return
			}
			if wait := got.Sub(before); wait < c.want || wait > c.want+time.Second {
				t.Fatalf("NextRetry is %s away; want %s", wait, c.want)
			}
		})
	}
}
