package prompt

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func TestEventMessage(t *testing.T) {
	refused := &url.Error{Op: "Post", URL: "https://gitlab.example.com/oauth/token",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	retry := func(err error, wait time.Duration) devicecode.Event {
		return devicecode.Event{Kind: devicecode.EventRetry, Err: err, Wait: wait, Interval: 5 * time.Second}
	}
	for _, tc := range []struct {
		e    devicecode.Event
		want string
	}{
		{retry(&devicecode.HTTPError{StatusCode: 502}, 10*time.Second), "token endpoint answered 502, retrying in 10s"},
		{retry(fmt.Errorf("gitlab: %w", &devicecode.HTTPError{StatusCode: 503}), 9870*time.Millisecond), "token endpoint answered 503, retrying in 10s"},
		{retry(&devicecode.OAuthError{Code: "temporarily_unavailable", StatusCode: 503}, 90*time.Second),
			"token endpoint answered temporarily_unavailable (HTTP 503), retrying in 1m30s"},
		{retry(&devicecode.OAuthError{Code: "busy\x1b[2J\u202e"}, 2*time.Minute), `token endpoint answered busy\u202e, retrying in 2m`},
		{retry(refused, 10*time.Second), "token endpoint unreachable (connection refused), retrying in 10s"},
		{retry(&url.Error{Op: "Post", URL: "u", Err: io.ErrUnexpectedEOF}, time.Second), "token endpoint unreachable (connection closed), retrying in 1s"},
		{retry(&url.Error{Op: "Post", URL: "u", Err: &net.DNSError{Err: "no such host", Name: "x"}}, time.Second),
			"token endpoint unreachable (DNS lookup failed), retrying in 1s"},
		{retry(errors.New("odd\x07"), 0), `token endpoint unreachable (odd\x07), retrying in 1s`},
		{devicecode.Event{Kind: devicecode.EventSlowDown, Interval: 10 * time.Second}, "server asked to slow down; polling every 10s"},
		{devicecode.Event{Kind: devicecode.EventPoll}, ""},
		{devicecode.Event{Kind: devicecode.EventExpiryWarning}, ""},
	} {
		if got := EventMessage(tc.e); got != tc.want {
			t.Errorf("%v %v: %q, want %q", tc.e.Kind, tc.e.Err, got, tc.want)
		}
	}
}
