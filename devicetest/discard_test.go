package devicetest_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devicecode/devicecode/devicetest"
)

// DiscardRequests serves as before and logs nothing; Intercept still sees
// every request, to count them.
func TestDiscardRequests(t *testing.T) {
	var seen atomic.Int32
	s, err := gitlabFlow(t, devicetest.Options{DiscardRequests: true, Person: devicetest.ApproveAfter(7 * time.Second),
		Intercept: func(http.ResponseWriter, *http.Request) bool { seen.Add(1); return false }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 0 || seen.Load() != 3 {
		t.Errorf("%d requests logged, %d intercepted; want none and 3 (device, two polls)", n, seen.Load())
	}
}
