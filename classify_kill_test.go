package devicecode_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

// These tests pin down the parts of IsTransient that fault injection showed
// the rest of the suite does not reach: the "remote error" exception for
// *net.OpError and every entry of the connection-dropped list.

// TestIsTransientOpError: a TLS alert from the peer arrives as a
// *net.OpError with Op "remote error" and is final; any other *net.OpError
// (dial refused, read reset) is a connection failure worth a retry.
func TestIsTransientOpError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"tls alert", &net.OpError{Op: "remote error", Net: "tcp", Err: errors.New("tls: certificate required")}, false},
		{"tls alert wrapped", fmt.Errorf("poll: %w", &net.OpError{Op: "remote error", Err: errors.New("tls: bad certificate")}), false},
		{"dial refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true},
		{"dial other", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("no route")}, true},
		{"read other", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("something")}, true},
		{"write wrapped", fmt.Errorf("poll: %w", &net.OpError{Op: "write", Err: errors.New("broken")}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := devicecode.IsTransient(tt.err); got != tt.want {
				t.Errorf("IsTransient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// mtlsServer is a TLS server that demands a client certificate; the test
// client trusts the server but presents none, so the server answers the
// handshake with an alert.
func mtlsServer(t *testing.T, maxVersion uint16) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, `{"access_token":"TOKEN"}`)
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // "TLS handshake error" is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	client := srv.Client()
	tr := client.Transport.(*http.Transport).Clone()
	tr.TLSClientConfig.MaxVersion = maxVersion
	tr.DisableKeepAlives = true
	client.Transport = tr
	return srv, client
}

// TestIsTransientRealTLSAlert: the error a real HTTP request gets from a
// server that rejects the client for its missing certificate is a TLS
// alert (with TLS 1.3 it arrives on the first read after the handshake,
// with TLS 1.2 during the handshake) and must not be retried.
func TestIsTransientRealTLSAlert(t *testing.T) {
	for _, v := range []struct {
		name string
		max  uint16
	}{{"TLS1.2", tls.VersionTLS12}, {"TLS1.3", tls.VersionTLS13}} {
		t.Run(v.name, func(t *testing.T) {
			srv, client := mtlsServer(t, v.max)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatal("request without a client certificate succeeded")
			}
			t.Logf("without a client certificate: %v", err)
			var op *net.OpError
			if !errors.As(err, &op) || op.Op != "remote error" {
				t.Fatalf("err = %v (%T); want a *net.OpError with Op \"remote error\"", err, err)
			}
			if devicecode.IsTransient(err) {
				t.Errorf("IsTransient(%v) = true; a TLS alert is final", err)
			}
		})
	}
}

// TestTLS13AlertOnFirstRead documents where the alert of TLS 1.3 shows up:
// the client's handshake completes (it does not wait for the server to
// check its certificate) and the alert comes with the first read, still as
// a "remote error" *net.OpError.
func TestTLS13AlertOnFirstRead(t *testing.T) {
	srv, client := mtlsServer(t, tls.VersionTLS13)
	cfg := client.Transport.(*http.Transport).TLSClientConfig.Clone()
	cfg.ServerName = "example.com" // httptest's certificate is for example.com and 127.0.0.1
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", srv.Listener.Addr().String(), cfg)
	if err != nil {
		t.Fatalf("TLS 1.3 handshake failed on the client side already: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	_, err = conn.Read(make([]byte, 1))
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" || devicecode.IsTransient(err) {
		t.Fatalf("first read: %v (%T), IsTransient %v; want a final \"remote error\"", err, err, devicecode.IsTransient(err))
	}
	t.Logf("handshake ok, first read: %v", err)
}

// TestTLSAlertEndsFlow: through the engine, the rejected
// handshake ends the flow at the first poll instead of backing off until
// the code expires.
func TestTLSAlertEndsFlow(t *testing.T) {
	srv, client := mtlsServer(t, tls.VersionTLS13)
	clk := autoClock()
	tp := &tokenPoller{TokenURL: srv.URL, ClientID: "c", HTTPClient: client, Clock: clk}
	var polls, retries int
	observe := func(_ context.Context, e devicecode.Event) {
		switch e.Kind {
		case devicecode.EventPoll:
			polls++
		case devicecode.EventRetry:
			retries++
		}
	}
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	_, err := run(t, dc, tp, devicecode.WithClock(clk), devicecode.WithObserver(observe))
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" || errors.Is(err, devicecode.ErrExpiredToken) {
		t.Fatalf("err = %v; want the TLS alert", err)
	}
	if polls != 1 || retries != 0 {
		t.Errorf("%d polls, %d retries; want 1 poll and no retry", polls, retries)
	}
}

// closedAddr returns a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestIsTransientRealConnectionRefused: dialling a closed loopback port,
// directly or through an HTTP request, is a transient failure.
func TestIsTransientRealConnectionRefused(t *testing.T) {
	addr := closedAddr(t)
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err == nil {
		conn.Close()
		t.Skipf("something listens on %s again", addr)
	}
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial err = %v (%T); want a dial *net.OpError with ECONNREFUSED", err, err)
	}
	if !devicecode.IsTransient(err) {
		t.Errorf("IsTransient(%v) = false", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/token", nil)
	tr := &http.Transport{Proxy: nil}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err == nil {
		resp.Body.Close()
		t.Skipf("something listens on %s again", addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || !devicecode.IsTransient(err) {
		t.Errorf("request err = %v: ECONNREFUSED %v, IsTransient %v; want both", err,
			errors.Is(err, syscall.ECONNREFUSED), devicecode.IsTransient(err))
	}
}

// plainWrap wraps without implementing net.Error, so that only the
// connection-dropped list can recognise the cause.
type plainWrap struct{ err error }

func (w plainWrap) Error() string { return "transport: " + w.err.Error() }
func (w plainWrap) Unwrap() error { return w.err }

// TestIsTransientConnectionDropped: each cause of a dropped connection is
// transient however it is wrapped, as long as no *net.OpError is in the
// chain (that takes the other branch). Every entry of the list has its own
// rows, so removing any one of them fails here.
func TestIsTransientConnectionDropped(t *testing.T) {
	causes := []struct {
		name string
		err  error
	}{
		{"EOF", io.EOF},
		{"ErrUnexpectedEOF", io.ErrUnexpectedEOF},
		{"ECONNRESET", syscall.ECONNRESET},
		{"ECONNREFUSED", syscall.ECONNREFUSED},
		{"ECONNABORTED", syscall.ECONNABORTED},
		{"EPIPE", syscall.EPIPE},
	}
	for _, c := range causes {
		wraps := []struct {
			name string
			err  error
		}{
			{"bare", c.err},
			{"fmt", fmt.Errorf("read: %w", c.err)},
			{"type", plainWrap{c.err}},
			{"double", fmt.Errorf("poll: %w", fmt.Errorf("read: %w", c.err))},
		}
		if errno, ok := c.err.(syscall.Errno); ok {
			wraps = append(wraps,
				struct {
					name string
					err  error
				}{"SyscallError", os.NewSyscallError("read", errno)},
				struct {
					name string
					err  error
				}{"fmt+SyscallError", fmt.Errorf("poll: %w", os.NewSyscallError("write", errno))},
			)
		}
		for _, w := range wraps {
			t.Run(c.name+"/"+w.name, func(t *testing.T) {
				if !devicecode.IsTransient(w.err) {
					t.Errorf("IsTransient(%v) = false; a dropped connection (%s) is transient", w.err, c.name)
				}
			})
		}
	}
	// Neighbours of the listed errnos are not on the list.
	for _, errno := range []syscall.Errno{syscall.EACCES, syscall.EINVAL, syscall.ENOENT} {
		err := fmt.Errorf("read: %w", os.NewSyscallError("read", errno))
		if devicecode.IsTransient(err) {
			t.Errorf("IsTransient(%v) = true; want false", err)
		}
	}
}
