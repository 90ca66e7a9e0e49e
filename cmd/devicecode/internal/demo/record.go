package demo

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/internal/safetext"
)

// exchange is one request of a demo flow and its answer, as the SDK saw
// them on the wire.
type exchange struct {
	At     time.Duration   `json:"-"` // since the flow started, on its clock; "at_s" in JSON
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Status int             `json:"status"` // 0: no answer (connection dropped)
	Body   json.RawMessage `json:"body,omitempty"`
	Note   string          `json:"note,omitempty"` // the transport's error
}

// MarshalJSON writes At as "at_s", seconds since the flow started (a
// number, to the millisecond): a script should not need to know Go's
// nanosecond durations.
func (e exchange) MarshalJSON() ([]byte, error) {
	type fields exchange // without this method
	return json.Marshal(struct {
		AtS float64 `json:"at_s"`
		fields
	}{e.At.Round(time.Millisecond).Seconds(), fields(e)})
}

// recorder is a RoundTripper that notes each exchange: the integrator's
// *http.Client, wrapped for the demo's timeline.
type recorder struct {
	base  http.RoundTripper
	clock clock.Clock
	start time.Time
	// notify, when set, sees each exchange as it is recorded: the durable
	// scenario shows its requests as they happen, on the real clock.
	notify func(exchange)

	mu  sync.Mutex
	log []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	e := exchange{At: r.clock.Now().Sub(r.start), Method: req.Method, Path: req.URL.Path}
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		e.Note = err.Error()
		r.add(e)
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		// A reset mid-body is the transport's error, not a short body.
		e.Status, e.Note = resp.StatusCode, err.Error()
		r.add(e)
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	e.Status, e.Body = resp.StatusCode, redactBody(body)
	r.add(e)
	return resp, nil
}

func (r *recorder) add(e exchange) {
	r.mu.Lock()
	r.log = append(r.log, e)
	r.mu.Unlock()
	if r.notify != nil {
		r.notify(e)
	}
}

func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.log...)
}

// secretMembers are the members shown redacted: the demo prints what the
// vendor sent, but a device code or token stays a secret even in a demo.
var secretMembers = []string{"device_code", "deviceCode", "access_token", "accessToken", "refresh_token", "id_token", "clientSecret"}

// redactBody is a JSON object body with its secrets replaced at any depth
// (Cohesity's app credentials are a list), or nothing for a body that is
// not JSON (an HTML error page).
func redactBody(b []byte) json.RawMessage {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	if _, ok := v.(map[string]any); !ok {
		return nil
	}
	out, _ := json.Marshal(redact(v))
	return out
}

func redact(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if slices.Contains(secretMembers, k) {
				v[k] = safetext.Redacted
			} else {
				v[k] = redact(e)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = redact(e)
		}
	}
	return v
}
