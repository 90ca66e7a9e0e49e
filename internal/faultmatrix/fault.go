package faultmatrix

import (
	"net/http"
	"strconv"
	"time"
)

// Fault is one way the proxy breaks an exchange.
type Fault int

// The faults. Each hits one exchange, the first after Arm that the plan
// matches (Refused and WrongCA: the first connection after Arm, since
// they strike before a request exists); every other exchange passes.
const (
	None           Fault = iota
	Refused              // the connection is refused: the client is sent to a closed port
	ResetMidBody         // the server's status line, headers and half its body, then a TCP RST
	StallInterval        // the answer comes after the engine's clock moved past the interval
	StallTimeout         // no answer at all, until the client gives up
	TruncatedJSON        // a success status (the server's, or 200) with the server's JSON cut in half
	ProxyHTML502         // a proxy's HTML error page with 502
	HugeBody             // HTTP 200 with a 10 MB JSON body
	ErrorBody200         // HTTP 200 with the vendor's error body
	TooManySeconds       // 429, Retry-After in seconds
	TooManyDate          // 429, Retry-After as an HTTP-date
	BusySeconds          // 503, Retry-After in seconds
	BusyDate             // 503, Retry-After as an HTTP-date
	WrongCA              // the TLS handshake shows a certificate from another CA
	Redirect             // 307 to another origin, which records what reaches it
	// A server asking for a wait far past the code's lifetime: slow_down
	// with a 27h46m40s interval (Cohesity and Veeam, which have no
	// slow_down: their 429 with that Retry-After), and a 503 whose
	// Retry-After is 126 years.
	AbsurdSlowDown
	AbsurdRetryAfter
)

var faultNames = [...]string{"none", "connection refused", "reset mid-body", "stalled beyond the interval",
	"stalled beyond the request timeout", "truncated JSON", "HTML page, 502", "10 MB body",
	"error body, HTTP 200", "429, Retry-After seconds", "429, Retry-After HTTP-date",
	"503, Retry-After seconds", "503, Retry-After HTTP-date", "TLS: wrong CA", "307 to another origin",
	"slow_down, a 27h46m40s interval", "503, Retry-After 126 years"}

func (f Fault) String() string { return faultNames[f] }

// Faults lists every fault but None, in table order.
func Faults() []Fault {
	out := make([]Fault, 0, len(faultNames)-1)
	for f := Refused; f <= AbsurdRetryAfter; f++ {
		out = append(out, f)
	}
	return out
}

// RetryAfter is the wait the 429 and 503 faults ask for: longer than any
// interval or first backoff, so that honouring it is visible.
const RetryAfter = 12 * time.Second

// The waits of the absurd faults, longer than any code lives: no flow may
// sleep them out.
const (
	AbsurdInterval = 100000 * time.Second
	AbsurdWait     = 4000000000 * time.Second
)

// retryAfter reports the Retry-After value of f at now, or "".
func (f Fault) retryAfter(now time.Time) string {
	switch f {
	case TooManySeconds, BusySeconds:
		return "12"
	case TooManyDate, BusyDate:
		return now.Add(RetryAfter).UTC().Format(http.TimeFormat)
	case AbsurdRetryAfter:
		return strconv.FormatInt(int64(AbsurdWait/time.Second), 10)
	}
	return ""
}

// wantRetryAfter is the Retry-After an error must carry for f: the one
// the proxy sent.
func (f Fault) wantRetryAfter() time.Duration {
	if f == AbsurdRetryAfter {
		return AbsurdWait
	}
	return RetryAfter
}

// status is the HTTP status of a synthesized fault answer.
func (f Fault) status() int {
	switch f {
	case ProxyHTML502:
		return http.StatusBadGateway
	case TooManySeconds, TooManyDate:
		return http.StatusTooManyRequests
	case BusySeconds, BusyDate, AbsurdRetryAfter:
		return http.StatusServiceUnavailable
	case Redirect:
		return http.StatusTemporaryRedirect
	}
	return http.StatusOK
}

// Plan is the fault to inject and which request it hits.
type Plan struct {
	Fault Fault
	// Match picks the request; nil matches any.
	Match func(method, path string) bool
	// ErrorBody is the vendor's error answer for ErrorBody200.
	ErrorBody string
	// SlowDownBody is the vendor's slow_down answer (HTTP 400) for
	// AbsurdSlowDown; empty: a 429 with the same wait as Retry-After.
	SlowDownBody string
	// Stall is how far StallInterval moves the clock before answering.
	Stall time.Duration
}

// atConnect reports whether the fault strikes before a request exists.
func (f Fault) atConnect() bool { return f == Refused || f == WrongCA }
