package flowbench

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/devicecode/devicecode/devicetest"
)

// fakeConfig is the fake's process: GitLab's fake with one interval, a
// person approving every code at the same age, and where to write what
// it saw.
type fakeConfig struct {
	Interval     time.Duration
	ApproveAfter time.Duration
	Lifetime     time.Duration
	Out          string // the fakeRecords file, written at SIGTERM
}

type fakeReady struct{ URL string }

// fakeRecords is every request the fake answered: the device requests
// counted, the token polls by device code, in arrival order.
type fakeRecords struct {
	Devices int
	Other   int // requests to neither endpoint: none expected
	Codes   map[string][]poll
}

// poll is one token request: when it reached the fake's handler, when the
// handler had answered (both Unix ns, the system clock every process
// shares), and the answer's status (200 is the token).
type poll struct {
	Start, End int64
	Status     int
}

func runFake(ctx context.Context, cfg fakeConfig) error {
	log := &pollLog{codes: map[string][]poll{}}
	// NoSlowDown: the bench measures the clients' own schedule (early and
	// duplicate polls); slow_down would answer those and move it.
	gl := devicetest.NewGitLab(devicetest.Options{Interval: cfg.Interval, Lifetime: cfg.Lifetime,
		Person: devicetest.ApproveAfter(cfg.ApproveAfter), Intercept: log.intercept, NoSlowDown: true})
	defer gl.Close()
	if err := announce(fakeReady{URL: gl.URL}); err != nil {
		return err
	}
	<-ctx.Done()
	return writeJSON(cfg.Out, log.records(gl.Requests()))
}

// pollLog times the fake's requests. Intercept sees each first and
// answers none (it returns false); the end of a request is when its
// context is cancelled, which net/http does as the handler returns.
// The statuses come from the fake's own request log.
type pollLog struct {
	mu      sync.Mutex
	devices int
	other   int
	codes   map[string][]poll
}

func (l *pollLog) intercept(_ http.ResponseWriter, r *http.Request) bool {
	start := time.Now().UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	switch r.URL.Path {
	case "/oauth/authorize_device":
		l.devices++
		return false
	case "/oauth/token":
	default:
		l.other++
		return false
	}
	// The fake's request log parsed the form already.
	code := r.PostForm.Get("device_code")
	i := len(l.codes[code])
	l.codes[code] = append(l.codes[code], poll{Start: start})
	context.AfterFunc(r.Context(), func() {
		end := time.Now().UnixNano()
		l.mu.Lock()
		defer l.mu.Unlock()
		l.codes[code][i].End = end
	})
	return false
}

// records joins the timings with the statuses of the fake's log: both
// list a code's polls in arrival order.
func (l *pollLog) records(log []devicetest.Request) fakeRecords {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := map[string]int{}
	for _, r := range log {
		if r.Path != "/oauth/token" {
			continue
		}
		code := r.Form.Get("device_code")
		if i := seen[code]; i < len(l.codes[code]) {
			l.codes[code][i].Status = r.Status
		}
		seen[code]++
	}
	return fakeRecords{Devices: l.devices, Other: l.other, Codes: l.codes}
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
