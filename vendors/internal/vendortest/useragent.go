package vendortest

import "testing"

// UserAgents fails t unless at least atLeast requests were made and every one
// sent want as its User-Agent (ua reads it from a fake's record).
func UserAgents[R any](t *testing.T, want string, reqs []R, ua func(R) string, atLeast int) {
	t.Helper()
	if len(reqs) < atLeast {
		t.Fatalf("%d requests, want at least %d", len(reqs), atLeast)
	}
	for i, r := range reqs {
		if got := ua(r); got != want {
			t.Errorf("request %d: User-Agent %q, want %q", i, got, want)
		}
	}
}
