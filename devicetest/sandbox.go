package devicetest

import (
	"context"
	"crypto/tls"
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
	// CACertificatePEM is the CA that signed the certificate of a
	// NewSandboxTLS sandbox; nil for plain http.
	CACertificatePEM []byte

	books   codeBooks // every fake's codes, for Approve and Deny
	closers []func()
	srv     *http.Server
}

// The credentials the sandbox's Veeam fake accepts; its Cohesity fake
// takes CohesityAPIKey, as NewCohesity's does.
const (
	SandboxVeeamUser     = "admin"
	SandboxVeeamPassword = "devicetest-veeam-password"
)

// NewSandbox listens on addr (host:port; port 0 picks one) and serves the
// fakes until Close. The address must be a loopback one: the fakes issue
// tokens to anybody who asks. The clock, lifetime, script, person, timing
// and logger of opts go to all four fakes; the rest to GitLab's and Entra's.
// The person decides on GitLab's page ({URL}/gitlab/oauth/device) or on
// Microsoft's ({URL}/microsoft/common/oauth2/deviceauth), which the
// Cohesity and Veeam fakes' flows send the person to and which takes
// their codes as well as Entra's.
func NewSandbox(addr string, opts Options) (*Sandbox, error) { return newSandbox(addr, opts, nil) }

// newSandbox serves https with the configuration tlsFor makes for the
// listener's IP, plain http when tlsFor is nil.
func newSandbox(addr string, opts Options, tlsFor func(net.IP) (*tls.Config, error)) (*Sandbox, error) {
	ln, scheme, err := sandboxListener(addr, tlsFor)
	if err != nil {
		return nil, err
	}
	sb := &Sandbox{URL: scheme + ln.Addr().String(), URLs: map[normalize.Vendor]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /devicetest/", func(w http.ResponseWriter, r *http.Request) {
		if !decisionHook(w, r, sb.Approve, sb.Deny) {
			http.NotFound(w, r)
		}
	})
	c, v := sb.brokered(opts)
	sb.mountOAuth(mux, normalize.GitLab, gitlabWithPage(opts), opts)
	sb.mountOAuth(mux, normalize.Microsoft, microsoftWithPage(opts, c, v), opts)
	sb.mountBrokered(mux, c, v)
	sb.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = sb.srv.Serve(ln) }()
	return sb, nil
}

// sandboxListener listens on addr, with TLS when tlsFor is not nil, and
// returns the scheme it serves.
func sandboxListener(addr string, tlsFor func(net.IP) (*tls.Config, error)) (net.Listener, string, error) {
	ln, err := loopbackListener(addr)
	if err != nil || tlsFor == nil {
		return ln, "http://", err
	}
	var ip net.IP
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		ip = a.IP
	}
	conf, err := tlsFor(ip)
	if err != nil {
		_ = ln.Close()
		return nil, "", err
	}
	return tls.NewListener(ln, conf), "https://", nil
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
	sb.books = append(sb.books, s.flows)
}

// brokered are the Cohesity and Veeam fakes, with the sandbox's
// credentials and the options' script, person and timing (VB365 announces
// no interval); their flows send the person to the sandbox's Microsoft
// page, not to Microsoft's, which never issued their codes.
func (sb *Sandbox) brokered(opts Options) (*CohesityServer, *VeeamServer) {
	page := sb.URL + "/" + string(normalize.Microsoft) + "/common/oauth2/deviceauth"
	c := NewCohesity(CohesityOptions{Clock: opts.Clock, APIKey: CohesityAPIKey,
		Lifetime: opts.Lifetime, Interval: opts.Interval, OmitInterval: opts.OmitInterval,
		Script: opts.Script, RetryAfter: opts.RetryAfter, SlowBy: opts.SlowBy, Person: opts.Person, VerificationURI: page,
		Logger: opts.Logger})
	v := NewVeeam(VeeamOptions{Clock: opts.Clock, Username: SandboxVeeamUser, Password: SandboxVeeamPassword,
		CodeLifetime: opts.Lifetime, Script: opts.Script, RetryAfter: opts.RetryAfter, SlowBy: opts.SlowBy, Person: opts.Person,
		VerificationURL: page, Logger: opts.Logger})
	sb.closers = append(sb.closers, c.Close, v.Close)
	return c, v
}

// mountBrokered serves the Cohesity and Veeam fakes under /cohesity and
// /veeam.
func (sb *Sandbox) mountBrokered(mux *http.ServeMux, c *CohesityServer, v *VeeamServer) {
	mux.Handle("/cohesity/", http.StripPrefix("/cohesity", c.Handler()))
	mux.Handle("/veeam/", http.StripPrefix("/veeam", v.Handler()))
	sb.URLs[normalize.Cohesity], sb.URLs[normalize.Veeam] = sb.URL+"/cohesity", sb.URL+"/veeam"
	sb.books = append(sb.books, c, v)
}

// Approve approves userCode at whichever fake issued it, with the fakes'
// errors (ErrUnknownUserCode, ErrExpiredUserCode, ErrUsedUserCode).
func (sb *Sandbox) Approve(userCode string) error { return sb.books.decide(userCode, Approved) }

// Deny declines userCode at whichever fake issued it, with Approve's errors.
func (sb *Sandbox) Deny(userCode string) error { return sb.books.decide(userCode, Denied) }

// Close stops the sandbox.
func (sb *Sandbox) Close() error {
	for _, c := range sb.closers {
		c()
	}
	return sb.srv.Close()
}
