package devicecode_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock"
	"github.com/devicecode/devicecode/clock/fakeclock"
)

// tokenPath mounts the fake token endpoint under a non-empty base path, as
// a self-managed GitLab behind a reverse proxy would.
const tokenPath = "/gitlab/oauth/token"

// reply is one scripted answer of the fake token endpoint, in wire format.
type reply struct {
	status int
	ctype  string
	body   string
	header http.Header
	hijack bool          // close the connection without answering
	slow   time.Duration // fake time the server takes to answer
}

func jsonReply(status int, body string) reply {
	return reply{status: status, ctype: "application/json; charset=utf-8", body: body}
}

// gitlabError is GitLab's polling error, HTTP 400 like the documentation.
func gitlabError(code string) reply {
	return jsonReply(400, fmt.Sprintf(`{"error":%q,"error_description":"..."}`, code))
}

var gitlabToken = jsonReply(200, `{"access_token":"TOKEN","token_type":"Bearer","expires_in":7200,"scope":"read","created_at":1593096829}`)

// request is what the fake endpoint saw.
type request struct {
	at        time.Duration // fake time since t0 when it arrived
	form      url.Values
	basicUser string
	basicPass string
	userAgent string
}

type tokenServer struct {
	t       *testing.T
	clk     *fakeclock.Clock
	mu      sync.Mutex
	replies []reply
	reqs    []request
}

func newTokenServer(t *testing.T, clk *fakeclock.Clock, replies ...reply) (*tokenServer, *httptest.Server) {
	ts := &tokenServer{t: t, clk: clk, replies: replies}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+tokenPath, ts.serve)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return ts, srv
}

func (ts *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		ts.t.Errorf("token request form: %v", err)
	}
	user, pass, _ := r.BasicAuth()
	rp := ts.record(request{at: ts.clk.Now().Sub(t0), form: r.PostForm,
		basicUser: user, basicPass: pass, userAgent: r.UserAgent()})
	ts.clk.Advance(rp.slow)
	if rp.hijack {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return
	}
	for k, vs := range rp.header {
		w.Header()[k] = vs
	}
	if rp.ctype != "" {
		w.Header().Set("Content-Type", rp.ctype)
	}
	w.WriteHeader(rp.status)
	fmt.Fprint(w, rp.body)
}

func (ts *tokenServer) record(r request) reply {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.reqs = append(ts.reqs, r)
	if len(ts.replies) == 0 {
		ts.t.Errorf("unexpected request %d", len(ts.reqs))
		return gitlabError("server_script_exhausted")
	}
	rp := ts.replies[0]
	ts.replies = ts.replies[1:]
	return rp
}

func (ts *tokenServer) requests() []request {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]request(nil), ts.reqs...)
}

func (ts *tokenServer) times() []time.Duration {
	var out []time.Duration
	for _, r := range ts.requests() {
		out = append(out, r.at)
	}
	return out
}

// publicPoller is a GitLab/Entra-style public client against srv.
func publicPoller(srv *httptest.Server, clk clock.Clock) *tokenPoller {
	return &tokenPoller{TokenURL: srv.URL + tokenPath, ClientID: "client-1",
		HTTPClient: srv.Client(), Clock: clk}
}
