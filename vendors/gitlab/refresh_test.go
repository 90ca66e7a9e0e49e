package gitlab_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// shortLived is how long each refreshed token lives: under the 10 s a
// token source renews early, which once made every Token() call refresh.
const shortLived = 4 * time.Second

// A token that lives 4 s is refreshed once per half lifetime, however
// often Token() is called: not at every call (a refresh storm), and never
// handed out expired.
func TestTokenSourceShortLivedTokens(t *testing.T) {
	var refreshes atomic.Int64
	e := setup(t, gitlab.Config{}, devicetest.Options{Person: devicetest.ApproveAfter(0), Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != gitlab.TokenPath || r.PostForm.Get("grant_type") != "refresh_token" {
			return false
		}
		n := refreshes.Add(1)
		vendortest.WriteRaw(w, http.StatusOK, fmt.Sprintf(`{"access_token":"glpat-SHORT-%d","token_type":"Bearer","expires_in":%d,"refresh_token":"glrt-%d"}`,
			n, int(shortLived.Seconds()), n))
		return true
	}})
	ts := e.client.TokenSource(vendortest.Context(t), signIn(t, e))
	e.clock.Advance(3 * time.Hour) // the sign-in's token has expired
	for i := range 100 {
		if _, err := ts.Token(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := refreshes.Load(); n != 1 {
		t.Fatalf("100 calls at one instant sent %d refreshes, want 1", n)
	}

	const span, step = time.Minute, 100 * time.Millisecond
	for range span / step {
		e.clock.Advance(step)
		tok, err := ts.Token()
		if err != nil || !tok.Expiry.After(e.clock.Now()) {
			t.Fatalf("at %s: %+v, %v", e.clock.Now().Sub(t0), tok, err)
		}
	}
	// One refresh per half lifetime: the margin is half of it.
	if n, most := refreshes.Load()-1, int64(span/(shortLived/2)); n > most || n < int64(span/shortLived) {
		t.Errorf("%d refreshes in %s of calls every %s, want at most %d (one per half lifetime)", n, span, step, most)
	}
}
