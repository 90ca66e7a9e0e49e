package devicecode_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

func TestTokenEndpointFlows(t *testing.T) {
	retryDate := t0.Add(5*time.Second + 42*time.Second).Format(http.TimeFormat)
	tests := []struct {
		name     string
		replies  []reply
		opts     []devicecode.Option
		wantSent []time.Duration
		wantErr  error // nil: a token
	}{
		{
			name:     "pending, slow_down, then the token",
			replies:  []reply{gitlabError("authorization_pending"), gitlabError("slow_down"), gitlabToken},
			wantSent: secs(5, 10, 20),
		},
		{
			name:     "429 with Retry-After in seconds",
			replies:  []reply{withHeader(jsonReply(429, `{}`), "Retry-After", "12"), gitlabToken},
			wantSent: secs(5, 17),
		},
		{
			name:     "503 with Retry-After as an HTTP-date",
			replies:  []reply{withHeader(htmlReply(503), "Retry-After", retryDate), gitlabToken},
			wantSent: secs(5, 47),
		},
		{
			name:     "503 without Retry-After backs off",
			opts:     []devicecode.Option{devicecode.WithJitter(maxJitter)},
			replies:  []reply{htmlReply(503), htmlReply(503), gitlabToken},
			wantSent: secs(5, 15, 35),
		},
		{
			name:     "HTML 502 and 504 from a proxy are transient",
			opts:     []devicecode.Option{devicecode.WithJitter(maxJitter)},
			replies:  []reply{htmlReply(502), htmlReply(504), gitlabToken},
			wantSent: secs(5, 15, 35),
		},
		{
			name:     "JSON temporarily_unavailable is transient",
			opts:     []devicecode.Option{devicecode.WithJitter(maxJitter)},
			replies:  []reply{gitlabError("temporarily_unavailable"), gitlabToken},
			wantSent: secs(5, 15),
		},
		{
			name:     "slow_down with a server interval in the body",
			replies:  []reply{jsonReply(400, `{"error":"slow_down","interval":30}`), gitlabToken},
			wantSent: secs(5, 35),
		},
		{
			name:     "429 Retry-After is bounded by expiry, then one last poll",
			replies:  []reply{gitlabError("authorization_pending"), withHeader(jsonReply(429, `{}`), "Retry-After", "3600"), gitlabError("authorization_pending")},
			wantSent: secs(5, 10, 15*60),
			wantErr:  devicecode.ErrExpiredToken,
		},
		{
			name:     "JSON 404 from a framework's error page: no device flow here",
			replies:  []reply{jsonReply(404, `{"status":404,"error":"Not Found"}`)},
			wantSent: secs(5),
			wantErr:  devicecode.ErrDeviceFlowUnsupported,
		},
		{
			name:     "connection reset backs off",
			opts:     []devicecode.Option{devicecode.WithJitter(maxJitter)},
			replies:  []reply{{hijack: true}, gitlabToken},
			wantSent: secs(5, 15),
		},
		{
			name: "a server slower than the interval: waits count from receipt",
			replies: []reply{
				slowReply(gitlabError("authorization_pending"), 7*time.Second),
				slowReply(gitlabError("authorization_pending"), 7*time.Second),
				gitlabToken,
			},
			wantSent: secs(5, 17, 29),
		},
		{
			name:     "an error body with HTTP 200 is an error",
			replies:  []reply{jsonReply(200, `{"error":"authorization_pending"}`), jsonReply(200, `{"error":"access_denied"}`)},
			wantSent: secs(5, 10),
			wantErr:  devicecode.ErrAccessDenied,
		},
		{
			name:     "denied",
			replies:  []reply{gitlabError("authorization_pending"), gitlabError("access_denied")},
			wantSent: secs(5, 10),
			wantErr:  devicecode.ErrAccessDenied,
		},
		{
			name:     "Entra declined, mapped by the vendor",
			opts:     []devicecode.Option{devicecode.WithErrorCodes(map[string]error{"authorization_declined": devicecode.ErrAccessDenied})},
			replies:  []reply{entraError("authorization_declined", 70000)},
			wantSent: secs(5),
			wantErr:  devicecode.ErrAccessDenied,
		},
		{
			name:     "404: no device flow here",
			replies:  []reply{{status: 404, ctype: "text/html", body: "<h1>Not Found</h1>"}},
			wantSent: secs(5),
			wantErr:  devicecode.ErrDeviceFlowUnsupported,
		},
		{
			name:     "unauthorized_client",
			replies:  []reply{gitlabError("unauthorized_client")},
			wantSent: secs(5),
			wantErr:  devicecode.ErrDeviceFlowUnsupported,
		},
		{
			name:     "invalid_grant",
			replies:  []reply{gitlabError("invalid_grant")},
			wantSent: secs(5),
			wantErr:  devicecode.ErrInvalidDeviceCode,
		},
		{
			// A vendor code: the engine knows it only through WithErrorCodes
			// (vendors/microsoft maps it); unmapped, it ends the flow unclassified.
			name:     "Entra bad_verification_code, mapped by the vendor",
			opts:     []devicecode.Option{devicecode.WithErrorCodes(map[string]error{"bad_verification_code": devicecode.ErrInvalidDeviceCode})},
			replies:  []reply{entraError("bad_verification_code", 70018)},
			wantSent: secs(5),
			wantErr:  devicecode.ErrInvalidDeviceCode,
		},
		{
			name:     "server expired_token",
			replies:  []reply{gitlabError("expired_token")},
			wantSent: secs(5),
			wantErr:  devicecode.ErrExpiredToken,
		},
		{
			name:     "HTML 500 is terminal",
			replies:  []reply{htmlReply(500)},
			wantSent: secs(5),
			wantErr:  &devicecode.HTTPError{},
		},
		{
			name:     "a redirect is not followed",
			replies:  []reply{withHeader(reply{status: 302}, "Location", "https://elsewhere.example/steal")},
			wantSent: secs(5),
			wantErr:  &devicecode.HTTPError{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := autoClock()
			ts, srv := newTokenServer(t, clk, tt.replies...)
			dc := newDeviceCode(t0, 5*time.Second, 15*time.Minute)
			opts := append([]devicecode.Option{devicecode.WithClock(clk)}, tt.opts...)
			tok, err := run(t, dc, publicPoller(srv, clk), opts...)
			checkErr(t, tok, err, tt.wantErr)
			if got := ts.times(); !slices.Equal(got, tt.wantSent) {
				t.Errorf("requests at %v, want %v", got, tt.wantSent)
			}
		})
	}
}

func checkErr(t *testing.T, tok *oauth2.Token, err, want error) {
	t.Helper()
	var he *devicecode.HTTPError
	switch {
	case want == nil && (err != nil || tok == nil || tok.AccessToken != "TOKEN"):
		t.Fatalf("got %v, %v; want the token", tok, err)
	case want == nil:
	case errors.As(want, &he):
		if !errors.As(err, &he) || devicecode.IsTransient(err) {
			t.Fatalf("err = %v, want a terminal *HTTPError", err)
		}
	case !errors.Is(err, want):
		t.Fatalf("err = %v, want %v", err, want)
	}
}

func run(t *testing.T, dc *normalize.DeviceCode, tp *tokenPoller, opts ...devicecode.Option) (*oauth2.Token, error) {
	t.Helper()
	p, err := devicecode.NewPoller(dc, tp.PollFunc(dc), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p.Wait(ctxTimeout(t))
}

func withHeader(r reply, k, v string) reply {
	r.header = http.Header{k: {v}}
	return r
}

func htmlReply(status int) reply {
	return reply{status: status, ctype: "text/html", body: "<html><body>" + http.StatusText(status) + "</body></html>"}
}

func slowReply(r reply, d time.Duration) reply {
	r.slow = d
	return r
}

// entraError is Entra's polling error body, HTTP 400.
func entraError(code string, aadsts int) reply {
	return jsonReply(400, `{"error":"`+code+`","error_description":"AADSTS`+itoa(aadsts)+`: ...",`+
		`"error_codes":[`+itoa(aadsts)+`],"timestamp":"2025-06-01 12:00:05Z",`+
		`"trace_id":"0000aaaa-11bb-cc22-dd33-444444eeeeee","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd",`+
		`"error_uri":"https://login.microsoftonline.com/error?code=`+itoa(aadsts)+`"}`)
}

// TestTokenEndpointKeepsVendorMembers: the engine decodes RFC 6749 §5.2 and
// keeps what a vendor adds (Entra's members here) verbatim for the vendor's
// package, without interpreting it.
func TestTokenEndpointKeepsVendorMembers(t *testing.T) {
	clk := autoClock()
	_, srv := newTokenServer(t, clk, entraError("invalid_client", 7000215))
	tp := publicPoller(srv, clk)
	_, err := tp.Poll(ctxTimeout(t), "device-code")
	var oe *devicecode.OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want *OAuthError", err)
	}
	if oe.StatusCode != http.StatusBadRequest || oe.URI == "" ||
		string(oe.Extra["error_codes"]) != "[7000215]" ||
		string(oe.Extra["trace_id"]) != `"0000aaaa-11bb-cc22-dd33-444444eeeeee"` || len(oe.Extra) != 4 {
		t.Errorf("parsed %+v", oe)
	}
	for _, k := range []string{"error", "error_description", "error_uri"} {
		if _, ok := oe.Extra[k]; ok {
			t.Errorf("Extra repeats the RFC member %q", k)
		}
	}
}

func TestTokenEndpointSuccessBody(t *testing.T) {
	clk := autoClock()
	_, srv := newTokenServer(t, clk, jsonReply(200, `{"token_type":"Bearer","scope":"User.Read openid","expires_in":3599,`+
		`"ext_expires_in":3599,"access_token":"AT","refresh_token":"RT","id_token":"IDT"}`))
	tok, err := publicPoller(srv, clk).Poll(ctxTimeout(t), "device-code")
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "AT" || tok.RefreshToken != "RT" || tok.TokenType != "Bearer" ||
		tok.Extra("id_token") != "IDT" || tok.Extra("scope") != "User.Read openid" ||
		!tok.Expiry.Equal(t0.Add(3599*time.Second)) || tok.ExpiresIn != 3599 {
		t.Errorf("token %+v, id_token %v, scope %v", tok, tok.Extra("id_token"), tok.Extra("scope"))
	}
}

// TestCancelInFlight measures, on the real clock, how fast a cancel ends a
// request the server never answers.
func TestCancelInFlight(t *testing.T) {
	arrived := make(chan struct{})
	release := make(chan struct{})
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	tp := &tokenPoller{TokenURL: srv.URL + tokenPath, ClientID: "c", HTTPClient: srv.Client()}
	dc := newDeviceCode(time.Now(), 5*time.Second, time.Minute)
	p, _ := devicecode.NewPoller(dc, tp.PollFunc(dc), devicecode.WithPollImmediately())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := p.Wait(ctx); done <- err }()
	<-arrived
	start := time.Now()
	cancel()
	err := <-done
	elapsed := time.Since(start)
	t.Logf("cancel during an in-flight request returned after %s", elapsed)
	if !errors.Is(err, context.Canceled) || elapsed > 50*time.Millisecond {
		t.Fatalf("err = %v after %s; want context.Canceled within 50ms", err, elapsed)
	}
}

// TestTokenEndpointTimeoutIsTransient: a request that outlives the client's
// timeout is retried after a backoff, not fatal.
func TestTokenEndpointTimeoutIsTransient(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"TOKEN"}`)
	})
	defer close(release)
	clk := autoClock()
	client := srv.Client()
	client.Timeout = 20 * time.Millisecond
	tp := &tokenPoller{TokenURL: srv.URL, ClientID: "c", HTTPClient: client, Clock: clk}
	var retries int
	observe := func(_ context.Context, e devicecode.Event) {
		if e.Kind == devicecode.EventRetry {
			retries++
		}
	}
	dc := newDeviceCode(t0, 5*time.Second, time.Minute)
	tok, err := run(t, dc, tp, devicecode.WithClock(clk), devicecode.WithObserver(observe))
	if err != nil || tok.AccessToken != "TOKEN" || retries != 1 || calls.Load() != 2 {
		t.Fatalf("got %v, %v after %d retries and %d calls", tok, err, retries, calls.Load())
	}
}
