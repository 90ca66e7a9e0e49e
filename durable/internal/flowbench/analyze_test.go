package flowbench

import (
	"testing"
	"time"
)

// TestAnalyze checks the benchmark's judgement of a poll timeline on a
// made-up one: it runs in every go test, without PostgreSQL.
func TestAnalyze(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	at := func(s float64) int64 { return t0.Add(time.Duration(s * float64(time.Second))).UnixNano() }
	iv := 5 * time.Second
	flows := []begun{{Code: "on-time", Due: t0.Add(iv)}, {Code: "troubled", Due: t0.Add(iv)}}
	recs := fakeRecords{Devices: 2, Codes: map[string][]poll{
		// 5, 10.1, 15.2 (each 0.1 s after the last answer plus 5 s), token at 20.2.
		"on-time": {{at(5), at(5.1), 400}, {at(10.1), at(10.2), 400}, {at(15.2), at(15.2), 400}, {at(20.2), at(20.3), 200}},
		// early (4.9), then on time, then one overlapping it, then one after the token.
		"troubled": {{at(4.9), at(5.0), 400}, {at(10.5), at(11), 200}, {at(10.8), at(10.9), 400}, {at(17), at(17.1), 400}},
	}}
	f := analyze(recs, flows, schedule{}, 17500*time.Millisecond, iv)
	if f.minimum != 2*(1+4) || f.requests != 10 || f.polls != 8 {
		t.Errorf("minimum %d, requests %d, polls %d; want 10, 10, 8", f.minimum, f.requests, f.polls)
	}
	if f.duplicate != 2 || f.early != 1 {
		t.Errorf("%d duplicate, %d early polls; want 2 and 1", f.duplicate, f.early)
	}
	if got := f.lateMS(0.99); got != 500 {
		t.Errorf("late p99 %v ms; want 500 (troubled's second poll, due at 10.0)", got)
	}
	// The client's own note of a due wins over the fake's bound.
	exact := schedule{}
	exact.add(due{C: "on-time", K: 1, D: at(10.05)})
	if got := analyze(recs, flows, exact, 17500*time.Millisecond, iv).late; got[len(got)-2] != 50*time.Millisecond {
		t.Errorf("lateness %v; want on-time's second poll 50 ms late", got)
	}
	if got := resume(recs, flows, schedule{}, map[string]bool{"on-time": true}, t0.Add(12*time.Second), iv); got != 0 {
		t.Errorf("resume %s; want 0 (the poll at 15.2 came at its time)", got)
	}
}
