package devicetest

import (
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// Sandbox serves a fake of every vendor on one loopback address, each
// under its vendor's path (…/gitlab, …/microsoft), for `devicecode
// sandbox`, for a demo, and for programs that are not tests.
type Sandbox struct {
	// URL is the sandbox's root; each fake's URL is below it.
	URL   string
	Fakes map[normalize.Vendor]*Server

	srv *http.Server
	ln  net.Listener
}

// sandboxVendors are the fakes a Sandbox runs, with their handlers.
var sandboxVendors = []struct {
	vendor normalize.Vendor
	build  func(Options) func(*Server) http.Handler
}{
	{normalize.GitLab, gitlabHandler},
	{normalize.Microsoft, microsoftHandler},
}

// NewSandbox listens on addr (host:port; port 0 picks one) and serves the
// fakes until Close. The address must be a loopback one: the fakes issue
// tokens to anybody who asks.
func NewSandbox(addr string, opts Options) (*Sandbox, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, errors.New("devicetest: the sandbox listens on loopback addresses only")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	sb := &Sandbox{URL: "http://" + ln.Addr().String(), Fakes: map[normalize.Vendor]*Server{}, ln: ln}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /devicetest/approve", sb.hook(Approved))
	mux.HandleFunc("POST /devicetest/deny", sb.hook(Denied))
	for _, v := range sandboxVendors {
		s := &Server{flows: newFlows(opts.Clock)}
		prefix := "/" + string(v.vendor)
		mux.Handle(prefix+"/", http.StripPrefix(prefix, s.mount(sb.URL+prefix, v.build(opts))))
		sb.Fakes[v.vendor] = s
	}
	sb.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = sb.srv.Serve(ln) }()
	return sb, nil
}

// Approve approves userCode at whichever fake issued it.
func (sb *Sandbox) Approve(userCode string) error { return sb.decide(userCode, Approved) }

// Deny declines userCode at whichever fake issued it.
func (sb *Sandbox) Deny(userCode string) error { return sb.decide(userCode, Denied) }

func (sb *Sandbox) decide(userCode string, d Decision) error {
	for _, s := range sb.Fakes {
		if err := s.flows.decide(userCode, d); err == nil {
			return nil
		}
	}
	return ErrUnknownUserCode
}

// hook is the sandbox-wide POST /devicetest/approve|deny?user_code=….
func (sb *Sandbox) hook(d Decision) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := sb.decide(r.FormValue("user_code"), d); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// Close stops the sandbox.
func (sb *Sandbox) Close() error { return sb.srv.Close() }
