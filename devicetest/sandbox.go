package devicetest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

// Sandbox serves a fake of every vendor on one loopback address, each
// under its vendor's path (…/gitlab, …/microsoft, …/cohesity, …/veeam),
// for `devicecode sandbox`, demos, and programs that are not tests.
type Sandbox struct {
	// URL is the sandbox's root; URLs are the vendors' base URLs below it.
	URL  string
	URLs map[normalize.Vendor]string

	deciders []decider
	closers  []func()
	srv      *http.Server
}

// The credentials the sandbox's Veeam fake accepts; its Cohesity fake
// takes CohesityAPIKey, as NewCohesity's does.
const (
	SandboxVeeamUser     = "admin"
	SandboxVeeamPassword = "devicetest-veeam-password"
)

// decider is a fake's person: Approve and Deny by user code.
type decider struct{ approve, deny func(userCode string) error }

// NewSandbox listens on addr (host:port; port 0 picks one) and serves the
// fakes until Close. The address must be a loopback one: the fakes issue
// tokens to anybody who asks. The clock, lifetime, script, person and
// timing of opts go to all four fakes; the rest to GitLab's and Entra's.
func NewSandbox(addr string, opts Options) (*Sandbox, error) {
	ln, err := loopbackListener(addr)
	if err != nil {
		return nil, err
	}
	sb := &Sandbox{URL: "http://" + ln.Addr().String(), URLs: map[normalize.Vendor]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /devicetest/", func(w http.ResponseWriter, r *http.Request) {
		if !decisionHook(w, r, sb.Approve, sb.Deny) {
			http.NotFound(w, r)
		}
	})
	sb.mountOAuth(mux, normalize.GitLab, gitlabWithPage(opts), opts)
	sb.mountOAuth(mux, normalize.Microsoft, microsoftWithPage(opts), opts)
	sb.mountBrokered(mux, opts)
	sb.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = sb.srv.Serve(ln) }()
	return sb, nil
}

func loopbackListener(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, errors.New("devicetest: the sandbox listens on loopback addresses only")
	}
	return (&net.ListenConfig{}).Listen(context.Background(), "tcp", addr)
}

// mountOAuth serves an RFC 8628 vendor's fake under /VENDOR.
func (sb *Sandbox) mountOAuth(mux *http.ServeMux, v normalize.Vendor, build func(*Server) http.Handler, opts Options) {
	s := &Server{flows: newFlows(opts.Clock, opts.Person)}
	prefix := "/" + string(v)
	mux.Handle(prefix+"/", http.StripPrefix(prefix, s.mount(sb.URL+prefix, opts, build)))
	sb.URLs[v] = sb.URL + prefix
	sb.deciders = append(sb.deciders, decider{s.Approve, s.Deny})
}

// mountBrokered serves the Cohesity and Veeam fakes under /cohesity and
// /veeam, with the sandbox's credentials and the options' script, person
// and timing (VB365 announces no interval).
func (sb *Sandbox) mountBrokered(mux *http.ServeMux, opts Options) {
	c := NewCohesity(CohesityOptions{Clock: opts.Clock, APIKey: CohesityAPIKey,
		Lifetime: opts.Lifetime, Interval: opts.Interval, OmitInterval: opts.OmitInterval,
		Script: opts.Script, RetryAfter: opts.RetryAfter, SlowBy: opts.SlowBy, Person: opts.Person})
	v := NewVeeam(VeeamOptions{Clock: opts.Clock, Username: SandboxVeeamUser, Password: SandboxVeeamPassword,
		CodeLifetime: opts.Lifetime, Script: opts.Script, RetryAfter: opts.RetryAfter, SlowBy: opts.SlowBy, Person: opts.Person})
	mux.Handle("/cohesity/", http.StripPrefix("/cohesity", c.Handler()))
	mux.Handle("/veeam/", http.StripPrefix("/veeam", v.Handler()))
	sb.URLs[normalize.Cohesity], sb.URLs[normalize.Veeam] = sb.URL+"/cohesity", sb.URL+"/veeam"
	sb.deciders = append(sb.deciders, decider{c.Approve, c.Deny}, decider{
		approve: func(code string) error { return v.decide(code, v.Approve) },
		deny:    func(code string) error { return v.decide(code, v.Deny) },
	})
	sb.closers = append(sb.closers, c.Close, v.Close)
}

// Approve approves userCode at whichever fake issued it.
func (sb *Sandbox) Approve(userCode string) error {
	return sb.decide(userCode, func(d decider) func(string) error { return d.approve })
}

// Deny declines userCode at whichever fake issued it.
func (sb *Sandbox) Deny(userCode string) error {
	return sb.decide(userCode, func(d decider) func(string) error { return d.deny })
}

func (sb *Sandbox) decide(userCode string, which func(decider) func(string) error) error {
	for _, d := range sb.deciders {
		if which(d)(userCode) == nil {
			return nil
		}
	}
	return ErrUnknownUserCode
}

// Close stops the sandbox.
func (sb *Sandbox) Close() error {
	for _, c := range sb.closers {
		c()
	}
	return sb.srv.Close()
}
