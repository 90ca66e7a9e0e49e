package vendortest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Stalled serves h, except that requests whose path ends in suffix hang
// until the test ends: a server stuck in a login or a probe.
func Stalled(t *testing.T, h http.Handler, suffix string) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, suffix) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
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
