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
// The package has no code of its own; TestPendingFlowsGuard keeps the
// request ratio and the goroutine count honest in every go test ./... .
package scale
