// Package scale measures what a pending device flow costs when thousands
// wait at once: BenchmarkPendingFlows runs them in one process against
// devicetest's GitLab fake, approves them in waves and reports heap,
// goroutines and token requests per flow over the RFC 8628 minimum, for
// devicecode's Wait (a goroutine per flow), for Poller.PollOnce driven from
// one scheduler (no goroutine per flow, a web backend's shape) and for
// golang.org/x/oauth2's DeviceAccessToken on the same kind of server.
//
//	go test ./internal/scale -run '^$' -bench PendingFlows -benchtime 1x -benchmem
//
// -variants Wait,PollOnce,xoauth2 picks variants, -flows the count, and
// -peakprofile PREFIX writes each variant's heap profile at its pending
// peak (go tool pprof -sample_index=inuse_space PREFIX-Wait.pprof).
//
// What the figures cover (prefix "" for Wait, pollonce-, xoauth2-):
//
//   - peak-heap-MB: the largest HeapInuse (heap spans holding objects,
//     live or not yet swept) from the variant's start to its first
//     approval, i.e. while every flow is pending. It is the whole process:
//     the SDK, net/http on both sides, the in-process fake with its
//     request log, the harness, and what was live before the variant
//     (logged). peak-live-MB and peak-stacks-MB at that sample explain it:
//     the collector lets the heap grow to live + (live + stacks) before
//     it collects (GOGC=100), so goroutine stacks raise the heap's peak.
//   - heap-B/flow, stack-B/flow: the live heap (after collections) and
//     goroutine stacks added per flow once all are asleep before their
//     first poll, over the heap before the variant. This includes the
//     fake's record of each code and its log of the device request, the
//     same for every variant.
//   - requests/rfc-min: token requests the fake received over the RFC
//     minimum for the approval times; leaked-goroutines: those left after
//     the flows and servers ended.
//
// The shape is a burst: on the fake clock every flow starts at the same
// instant, so each poll round is 10,000 requests due at once, queued on
// 64 connections; the pending peak is reached inside such a round, with
// every request built and its goroutine deep in net/http. x/oauth2 runs
// in real time, where starting 10,000 goroutines spreads its rounds a
// little: its peak is not the same shape. The fake-clock variants run on
// a step clock of their own, whose cost to a parked flow is stated on it.
//
// The package has no code of its own; TestPendingFlowsGuard keeps the
// request ratio and the goroutine count honest in every go test ./... .
package scale
