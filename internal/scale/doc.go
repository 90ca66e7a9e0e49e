// Package scale measures what a pending device flow costs when thousands
// wait at once: BenchmarkPendingFlows runs them in one process against
// devicetest's GitLab fake, approves them in waves and reports heap,
// goroutines and token requests per flow over the RFC 8628 minimum, for
// devicecode's Wait (a goroutine per flow), for Flow.PollOnce driven from
// one scheduler (no goroutine per flow, a web backend's shape) and for
// golang.org/x/oauth2's DeviceAccessToken on the same kind of server.
//
//	go test ./internal/scale -run '^$' -bench PendingFlows -benchtime 1x -benchmem
//
// -variants Wait,PollOnce,xoauth2 picks variants, -shapes spread,burst
// the arrival shapes, -flows the count, and -peakprofile PREFIX writes
// each run's heap profile at its pending peak
// (go tool pprof -sample_index=inuse_space PREFIX-Wait.pprof; the burst's
// is PREFIX-burst-Wait.pprof).
//
// Each variant runs in two arrival shapes:
//
//   - spread, the headline figures (no shape prefix): the flows start
//     evenly over one interval, a hundredth of them per tick, as people
//     arrive; so each poll round is spread over the interval too, and
//     about a hundredth of the flows is in a request at any time.
//   - burst, the figures prefixed "burst-": every flow starts at the same
//     instant, so each poll round is all of them due at once, queued on 64
//     connections. Its pending peak falls inside such a round, with every
//     request built and its goroutine deep in net/http: the worst case,
//     not the usual one.
//
// Both are approved in waves; the fake-clock variants move the clock a
// hundredth of an interval at a time (fakeclock; a Wait run waits for
// each flow to sleep before the clock moves). x/oauth2 sleeps on real
// timers, so its part runs, starts and approves in real time, on a 2 s
// interval, with its auth style stated (left to detect it, x/oauth2 sends
// every pending poll twice).
//
// What the figures cover (after the shape prefix: "" for Wait,
// pollonce-, xoauth2-):
//
//   - peak-heap-MB: the largest HeapInuse (heap spans holding objects,
//     live or not yet swept) from the run's start to its first approval,
//     i.e. while every flow is pending, a poll round included. It is the
//     whole process: the SDK, net/http on both sides, the in-process fake,
//     the harness, and what was live before the run (logged).
//     peak-live-MB and peak-stacks-MB at that sample explain it: the
//     collector lets the heap grow to live + (live + stacks) before it
//     collects (GOGC=100), so goroutine stacks raise the heap's peak.
//     run-peak-heap-MB is the same over the whole run.
//   - heap-B/flow, stack-B/flow: the live heap (after collections) and
//     goroutine stacks added per flow once all have started and sleep
//     before their first poll, over the heap before the run. This
//     includes the fake's record of each code, the same for every
//     variant; the fake keeps no request log (DiscardRequests) and counts
//     token requests instead.
//   - requests/rfc-min: token requests the fake received over the RFC
//     minimum for the approval times; leaked-goroutines: those left after
//     the flows and servers ended.
//
// The package has no code of its own; TestPendingFlowsGuard keeps the
// request ratio and the goroutine count honest, in both shapes, in every
// go test ./... .
package scale
