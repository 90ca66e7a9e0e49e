package vendortest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Stall is a devicetest Intercept under which requests whose path ends
// in suffix hang until the test ends: a server stuck in a login or a
// probe. Other requests go to the fake.
func Stall(t *testing.T, suffix string) func(http.ResponseWriter, *http.Request) bool {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	return func(_ http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, suffix) {
			return false
		}
		// Read to the end, so the server watches the connection and ends
		// the request's context when the client gives up.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return true
	}
}

// QueuedHonoursContext runs call once in the background, where it gets
// stuck in the stalled exchange, then again with a short deadline: the
// second, queued behind the first, must give up with its context instead
// of waiting for the first.
func QueuedHonoursContext(t *testing.T, call func(ctx context.Context) error) {
	t.Helper()
	stuck, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = call(stuck) }()
	time.Sleep(50 * time.Millisecond) // let the first take the lock; a late start only makes the second take it first
	ctx, done := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer done()
	errc := make(chan error, 1)
	go func() { errc <- call(ctx) }()
	select {
	case err := <-errc:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("queued call = %v, want its context's deadline", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a call queued behind a stalled one ignored its context")
	}
}
