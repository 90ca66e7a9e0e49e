package devicetest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
)

// A client that has its answer, or its dropped connection, finds its
// request in the log with that status: the log is written before the
// answer leaves, never after.
func TestRequestLoggedBeforeTheAnswer(t *testing.T) {
	s := devicetest.NewGitLab(devicetest.Options{Script: []devicetest.Answer{devicetest.Drop, devicetest.Pending}})
	defer s.Close()
	post := func(path string, form url.Values, v any) int {
		resp, err := s.Client().PostForm(s.URL+path, form)
		if err != nil {
			return 0 // the dropped connection
		}
		defer resp.Body.Close()
		if v != nil {
			_ = json.NewDecoder(resp.Body).Decode(v)
		}
		return resp.StatusCode
	}
	for i := range 50 {
		var dc struct {
			DeviceCode string `json:"device_code"`
		}
		if status := post("/oauth/authorize_device", url.Values{"client_id": {"app"}}, &dc); status != http.StatusOK {
			t.Fatalf("device request: %d", status)
		}
		// Each new code runs the script again: a dropped poll, then a pending one.
		for _, want := range []int{0, http.StatusBadRequest} {
			got := post("/oauth/token", url.Values{"client_id": {"app"}, "device_code": {dc.DeviceCode},
				"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}}, nil)
			reqs := s.Requests()
			if last := reqs[len(reqs)-1]; got != want || last.Status != want || last.Path != "/oauth/token" || len(reqs) != 3*i+2+boolInt(want != 0) {
				t.Fatalf("round %d: answer %d, %d logged, the last %+v; want %d logged before the answer", i, got, len(reqs), last, want)
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
