package faultmatrix

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// hugeBody is the size of HugeBody's JSON, ten times the SDK's cap.
const hugeBody = 10 << 20

// Real-time pauses, kept short so that the matrix runs in seconds: how
// long a reset waits for the client to read the half body, how late a
// stalled answer is, and how long a held request is held at most.
const (
	resetPause = 50 * time.Millisecond
	stallPause = 100 * time.Millisecond
	holdAtMost = 10 * time.Second
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// write sends a as an HTTP/1.1 response that closes the connection.
func (a *answer) write(w io.Writer) {
	h := a.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	writeResponse(w, a.status, h, bytes.NewReader(a.body), int64(len(a.body)))
}

func writeResponse(w io.Writer, status int, h http.Header, body io.Reader, n int64) {
	h.Del("Transfer-Encoding")
	resp := &http.Response{StatusCode: status, ProtoMajor: 1, ProtoMinor: 1, Header: h,
		Body: io.NopCloser(body), ContentLength: n, Close: true}
	_ = resp.Write(w) // the client may hang up first (HugeBody): nothing to do
}

// inject answers with plan's fault instead of the server's answer a.
func (p *Proxy) inject(c net.Conn, plan *Plan, a *answer, uri string) {
	f := plan.Fault
	switch f {
	case ResetMidBody:
		reset(c, a)
	case StallInterval:
		p.clock.Advance(plan.Stall)
		time.Sleep(stallPause)
		a.write(c)
	case StallTimeout:
		if !hold(c) {
			p.mu.Lock()
			p.heldOut++
			p.mu.Unlock()
		}
	case TruncatedJSON:
		cut := a.body[:len(a.body)/2]
		writeResponse(c, okStatus(a.status), jsonHeader(), bytes.NewReader(cut), int64(len(cut)))
	case ProxyHTML502:
		page := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n"
		writeResponse(c, f.status(), header("text/html"), strings.NewReader(page), int64(len(page)))
	case HugeBody:
		writeHuge(c)
	case ErrorBody200:
		writeResponse(c, f.status(), jsonHeader(), strings.NewReader(plan.ErrorBody), int64(len(plan.ErrorBody)))
	case AbsurdSlowDown:
		slowDown(c, plan.SlowDownBody)
	case TooManySeconds, TooManyDate, BusySeconds, BusyDate, AbsurdRetryAfter:
		h := header("text/plain; charset=utf-8")
		h.Set("Retry-After", f.retryAfter(p.clock.Now()))
		text := http.StatusText(f.status()) + "\n"
		writeResponse(c, f.status(), h, strings.NewReader(text), int64(len(text)))
	case Redirect:
		h := header("text/html")
		h.Set("Location", p.Other.URL+uri)
		writeResponse(c, f.status(), h, strings.NewReader(""), 0)
	}
}

// okStatus is the server's status if it was a success (Cohesity answers
// 201), else 200: a truncated answer that claims success.
func okStatus(status int) int {
	if status >= 200 && status < 300 {
		return status
	}
	return http.StatusOK
}

func header(contentType string) http.Header {
	return http.Header{"Content-Type": {contentType}}
}

func jsonHeader() http.Header { return header("application/json; charset=utf-8") }

// reset writes the status line, the headers with the full length and half
// the body, gives the client a moment to read them, then aborts the
// connection with an RST (SO_LINGER 0) instead of a FIN.
func reset(c net.Conn, a *answer) {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", a.status, http.StatusText(a.status))
	b.WriteString("Content-Type: " + a.header.Get("Content-Type") + "\r\n")
	b.WriteString("Content-Length: " + strconv.Itoa(len(a.body)) + "\r\n\r\n")
	b.Write(a.body[:len(a.body)/2])
	if _, err := io.WriteString(c, b.String()); err != nil {
		return
	}
	time.Sleep(resetPause)
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}

// hold keeps the request unanswered until the client hangs up, and
// reports whether it did (false: holdAtMost ran out first).
func hold(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(holdAtMost))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

// writeHuge sends a valid JSON object of hugeBody bytes.
func writeHuge(c net.Conn) {
	head, tail := `{"padding":"`, `"}`
	pad := io.LimitReader(repeat('x'), hugeBody-int64(len(head)+len(tail)))
	body := io.MultiReader(strings.NewReader(head), pad, strings.NewReader(tail))
	writeResponse(c, http.StatusOK, jsonHeader(), body, hugeBody)
}

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// slowDown asks for AbsurdInterval: with the vendor's slow_down body, or
// as a 429 whose Retry-After says it.
func slowDown(c net.Conn, body string) {
	if body != "" {
		writeResponse(c, http.StatusBadRequest, jsonHeader(), strings.NewReader(body), int64(len(body)))
		return
	}
	h := header("text/plain; charset=utf-8")
	h.Set("Retry-After", strconv.Itoa(int(AbsurdInterval/time.Second)))
	text := http.StatusText(http.StatusTooManyRequests) + "\n"
	writeResponse(c, http.StatusTooManyRequests, h, strings.NewReader(text), int64(len(text)))
}
