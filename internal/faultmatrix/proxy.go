package faultmatrix

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Clock is the engine's clock, which StallInterval moves (a
// fakeclock.Clock).
type Clock interface {
	Now() time.Time
	Advance(d time.Duration)
}

// Exchange is one connection the proxy saw: a request and what it did
// with it, or a connection that never carried one (Refused, WrongCA).
type Exchange struct {
	Method, Path string
	// Body is the request body as sent; it may hold secrets, so tests
	// read it and never print it.
	Body []byte
	At   time.Time // on the clock, when the request arrived
	// Upstream is the fake's status and body, 0 when not forwarded.
	Upstream     int
	UpstreamBody []byte
	Fault        Fault // None when passed through
}

// Proxy is a real TCP proxy on 127.0.0.1 in front of one fake server.
// Each connection carries one request (the client must not keep
// connections alive, so that every request is a new connection: the
// only way Refused and WrongCA can hit a chosen step).
type Proxy struct {
	URL string // http:// or https:// plus 127.0.0.1 and the port
	// Other is another origin, the target of Redirect; every request it
	// gets is a defect.
	Other *Sink

	upstream string
	clock    Clock
	ln       net.Listener
	closed   string // a port nothing listens on, for Refused
	release  func() // frees closed
	tls      *tls.Config
	bad      *tls.Certificate
	up       *http.Transport

	mu      sync.Mutex
	plan    *Plan
	fired   bool
	log     []Exchange
	heldOut int // stalled requests the client never gave up
	conns   map[net.Conn]bool
	wg      sync.WaitGroup
}

// NewProxy listens on 127.0.0.1 and forwards to upstream (a base URL).
// With certs, it serves TLS with certs.Good and, for WrongCA, certs.Bad.
func NewProxy(upstream string, clock Clock, certs *Certs) (*Proxy, error) {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	closed, release, err := closedPort()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	p := &Proxy{upstream: upstream, clock: clock, ln: ln, closed: closed, release: release, Other: NewSink(),
		up: &http.Transport{DisableKeepAlives: true}, conns: map[net.Conn]bool{}}
	p.URL = "http://" + ln.Addr().String()
	if certs != nil {
		p.URL = "https://" + ln.Addr().String()
		p.bad = &certs.Bad
		p.tls = &tls.Config{GetCertificate: p.certificate(&certs.Good), MinVersion: tls.VersionTLS12}
	}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Arm injects plan's fault into the next exchange it matches, once.
func (p *Proxy) Arm(plan Plan) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.plan, p.fired = &plan, false
}

// Fired reports whether the armed fault was injected.
func (p *Proxy) Fired() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fired
}

// WillHit reports whether the armed fault, not yet injected, would hit a
// request for method and path.
func (p *Proxy) WillHit(method, path string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	pl := p.plan
	return pl != nil && !p.fired && !pl.Fault.atConnect() && (pl.Match == nil || pl.Match(method, path))
}

// HeldOut is the number of stalled requests (StallTimeout) that the
// client never gave up, which the proxy released after holdAtMost.
func (p *Proxy) HeldOut() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.heldOut
}

// Exchanges returns every exchange so far, in order.
func (p *Proxy) Exchanges() []Exchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Exchange(nil), p.log...)
}

// DialContext is the client transport's dialer: it reaches the proxy, or
// for an armed Refused the closed port, where the kernel refuses.
func (p *Proxy) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	addr := p.ln.Addr().String()
	if p.take(func(pl *Plan) bool { return pl.Fault == Refused }) != nil {
		p.note(Exchange{At: p.clock.Now(), Fault: Refused})
		addr = p.closed
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// Close stops the proxy and its sink, ending held connections.
func (p *Proxy) Close() {
	_ = p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	p.up.CloseIdleConnections()
	p.Other.Close()
	p.release()
}

// take returns the armed plan and disarms it if match accepts it.
func (p *Proxy) take(match func(*Plan) bool) *Plan {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.plan == nil || p.fired || !match(p.plan) {
		return nil
	}
	p.fired = true
	return p.plan
}

func (p *Proxy) note(e Exchange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = append(p.log, e)
}

// certificate serves the good certificate, or the other CA's for an armed
// WrongCA.
func (p *Proxy) certificate(good *tls.Certificate) func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
		if p.take(func(pl *Plan) bool { return pl.Fault == WrongCA }) != nil {
			p.note(Exchange{At: p.clock.Now(), Fault: WrongCA})
			return p.bad, nil
		}
		return good, nil
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns[c] = true
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
			p.mu.Lock()
			delete(p.conns, c)
			p.mu.Unlock()
			_ = c.Close()
		}()
	}
}

// serve reads one request from the plain-HTTP stream, forwards it and
// answers, faulty if the armed plan matches it. The exchange is logged
// before the answer is written, so the log's order is the client's.
func (p *Proxy) serve(c net.Conn) {
	if p.tls != nil {
		tc := tls.Server(c, p.tls)
		if tc.HandshakeContext(context.Background()) != nil {
			return
		}
		c = tc
	}
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		return
	}
	ex := Exchange{Method: req.Method, Path: req.URL.Path, Body: body, At: p.clock.Now()}
	plan := p.take(func(pl *Plan) bool {
		return !pl.Fault.atConnect() && (pl.Match == nil || pl.Match(req.Method, req.URL.Path))
	})
	// Every request reaches the server, faulted or not: the fault is in
	// the answer, as when a middlebox breaks it on the way back.
	resp, err := p.forward(req, body)
	if err != nil {
		return
	}
	ex.Upstream, ex.UpstreamBody = resp.status, resp.body
	if plan == nil {
		p.note(ex)
		resp.write(c)
		return
	}
	ex.Fault = plan.Fault
	p.note(ex)
	p.inject(c, plan, resp, req.URL.RequestURI())
}

// answer is a response as the proxy holds it: read in full.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (p *Proxy) forward(req *http.Request, body []byte) (*answer, error) {
	out, err := http.NewRequestWithContext(req.Context(), req.Method, p.upstream+req.URL.RequestURI(), bytesReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = req.Header.Clone()
	out.Header.Del("Connection")
	resp, err := p.up.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// Sink is another origin that counts what reaches it.
type Sink struct {
	URL string
	srv *httptest.Server

	mu   sync.Mutex
	hits int
}

// NewSink starts a sink on loopback.
func NewSink() *Sink {
	s := &Sink{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		s.hits++
		s.mu.Unlock()
		w.WriteHeader(http.StatusTeapot)
	}))
	s.URL = s.srv.URL
	return s
}

// Hits is the number of requests the sink received.
func (s *Sink) Hits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// Close stops the sink.
func (s *Sink) Close() { s.srv.Close() }
