package flowbench

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// figures are one run's measurements, from the fake's records, the
// flows as begun, and the database.
type figures struct {
	flows      int
	requests   int // device and token requests the fake answered
	minimum    int // the RFC minimum of those: flows × (1 + polls to the approval)
	polls      int // token requests
	duplicate  int // polls overlapping another of the same code, or after its token
	early      int // polls before their NextPollAt
	late       []time.Duration
	pollSpan   time.Duration // from the first poll's start to the last's
	lost       int           // flows not approved, with their handler's row
	deliveries int           // rows the handler wrote
	statements int64         // statements the workers sent
}

func (f figures) pollsPerSecond() float64 {
	if f.pollSpan <= 0 {
		return 0
	}
	return float64(f.polls) / f.pollSpan.Seconds()
}

func (f figures) lateMS(p float64) float64 { return ms(percentile(f.late, p)) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// minPolls is the RFC minimum of token polls for a code approved at age
// approveAfter: a client polling exactly every interval from the device
// answer, whose first poll past approveAfter gets the token. The age is
// kept off a multiple of the interval, so lateness smaller than half an
// interval does not change the count.
func minPolls(approveAfter, interval time.Duration) int {
	return int((approveAfter + interval - 1) / interval)
}

// scored is one poll judged against its code's schedule.
type scored struct {
	start     time.Time
	late      time.Duration // from its NextPollAt; negative is early
	duplicate bool
}

// score judges a code's polls in order of arrival at the fake against
// their NextPollAt, as the client noted it just before sending each
// (dues). Where the client's note was lost (a worker SIGKILLed), the
// first poll is due at the flow's first NextPollAt, from Begin, and a
// later one an interval after the fake answered the one before: a bound
// just below the client's, so that lateness is never found smaller than
// it was. A poll that starts before the one before has been answered, or
// after the token was issued, is a duplicate.
func score(polls []poll, code string, dues schedule, first time.Time, interval time.Duration) []scored {
	polls = slices.SortedFunc(slices.Values(polls), func(a, b poll) int { return cmp.Compare(a.Start, b.Start) })
	out := make([]scored, len(polls))
	tokenSent := false
	fallback := first
	for k, p := range polls {
		d, ok := dues.at(code, k)
		if !ok {
			d = fallback
		}
		start := time.Unix(0, p.Start)
		overlaps := k > 0 && p.Start < polls[k-1].End
		out[k] = scored{start: start, late: start.Sub(d), duplicate: tokenSent || overlaps}
		tokenSent = tokenSent || p.Status == 200
		fallback = time.Unix(0, max(p.End, p.Start)).Add(interval)
	}
	return out
}

// analyze measures a run from the fake's records and the flows begun.
func analyze(recs fakeRecords, flows []begun, dues schedule, approveAfter, interval time.Duration) figures {
	f := figures{flows: len(flows), requests: recs.Devices + recs.Other,
		minimum: len(flows) * (1 + minPolls(approveAfter, interval))}
	var first, last time.Time
	for _, b := range flows {
		for _, s := range score(recs.Codes[b.Code], b.Code, dues, b.Due, interval) {
			switch {
			case s.duplicate:
				f.duplicate++
			case s.late < 0:
				f.early++
			}
			if !s.duplicate {
				f.late = append(f.late, s.late)
			}
			if first.IsZero() || s.start.Before(first) {
				first = s.start
			}
			last = maxTime(last, s.start)
		}
	}
	for _, polls := range recs.Codes {
		f.polls += len(polls)
	}
	f.requests += f.polls
	f.pollSpan = last.Sub(first)
	slices.Sort(f.late)
	return f
}

// resume is the longest any of the codes waited past its NextPollAt for
// its first poll after at: for the flows a killed worker held, how long
// they took to come back.
func resume(recs fakeRecords, flows []begun, dues schedule, codes map[string]bool, at time.Time, interval time.Duration) time.Duration {
	var longest time.Duration
	for _, b := range flows {
		if !codes[b.Code] {
			continue
		}
		for _, s := range score(recs.Codes[b.Code], b.Code, dues, b.Due, interval) {
			if s.start.After(at) {
				longest = max(longest, s.late)
				break
			}
		}
	}
	return longest
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// dumpPolls writes every poll judged, a CSV line each (flow, poll,
// start in seconds from the first Begin's due less one interval, late
// in ms, duplicate), for a closer look at where lateness falls.
func dumpPolls(path string, recs fakeRecords, flows []begun, dues schedule, interval time.Duration) error {
	if len(flows) == 0 {
		return nil
	}
	t0 := flows[0].Due.Add(-interval)
	var b strings.Builder
	b.WriteString("flow,poll,start_s,late_ms,duplicate\n")
	for i, fl := range flows {
		for k, s := range score(recs.Codes[fl.Code], fl.Code, dues, fl.Due, interval) {
			fmt.Fprintf(&b, "%d,%d,%.3f,%.1f,%t\n", i, k, s.start.Sub(t0).Seconds(), ms(s.late), s.duplicate)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}
