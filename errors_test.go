package devicecode_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

// Errors read as outcomes, keep the server's code for grep, carry no
// package prefix (the vendor adds one) and never pass server text raw.
func TestErrorWording(t *testing.T) {
	hostile := "\x1b]0;pwned\x07\x1b[31mRED\u202e"
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&devicecode.OAuthError{Code: "access_denied", StatusCode: 400, Description: "The user denied it"},
			"the sign-in was declined (access_denied, HTTP 400): The user denied it"},
		{&devicecode.OAuthError{Code: "invalid_client", StatusCode: 401},
			"the server rejected the client credentials (invalid_client, HTTP 401)"},
		{&devicecode.OAuthError{Code: "weird\x1b[2J", StatusCode: 400, Description: hostile, URI: "https://x.example/\x07"},
			`the server refused the request (weird, HTTP 400): RED\u202e <https://x.example/\x07>`},
		{&devicecode.OAuthError{Code: "teapot", StatusCode: 503},
			"the server is temporarily unavailable (teapot, HTTP 503)"},
		{&devicecode.HTTPError{StatusCode: 502, ContentType: "text/html\x1b[31m"},
			"the server is temporarily unavailable (HTTP 502 Bad Gateway, text/html)"},
		{&devicecode.HTTPError{StatusCode: 500},
			"unexpected answer (HTTP 500 Internal Server Error, no content type)"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q\n          want %q", got, tt.want)
		}
	}
}

// A vendor code mapped with WithErrorCodes reads as its sentinel, matches
// it, and still yields the server's unchanged *OAuthError.
func TestMappedCodeWording(t *testing.T) {
	clk := autoClock()
	declined := &devicecode.OAuthError{Code: "authorization_declined", StatusCode: 400, Description: "AADSTS70000"}
	s := &script{clk: clk, answers: []error{declined}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk),
		devicecode.WithErrorCodes(map[string]error{"authorization_declined": devicecode.ErrAccessDenied}))
	_, err := p.Wait(context.Background())
	var oe *devicecode.OAuthError
	if !errors.Is(err, devicecode.ErrAccessDenied) || !errors.As(err, &oe) || oe != declined {
		t.Fatalf("err = %v, want ErrAccessDenied wrapping the server's error", err)
	}
	if want := "the sign-in was declined (authorization_declined, HTTP 400): AADSTS70000"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

// A vendor's terminal code keeps its meaning whatever the HTTP status: an
// authorization_declined sent with 503 ends the flow, it is not retried.
func TestMappedCodeBeatsStatus(t *testing.T) {
	clk := autoClock()
	declined := &devicecode.OAuthError{Code: "authorization_declined", StatusCode: 503}
	s := &script{clk: clk, answers: []error{declined, nil}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk),
		devicecode.WithErrorCodes(map[string]error{"authorization_declined": devicecode.ErrAccessDenied}))
	_, err := p.Wait(context.Background())
	if !errors.Is(err, devicecode.ErrAccessDenied) || errors.Is(err, devicecode.ErrTransient) || len(s.times()) != 1 {
		t.Fatalf("err = %v after %d polls; want ErrAccessDenied at once", err, len(s.times()))
	}
}

// A wait stopped by a context with a cause says the cause, and still
// matches the context's error.
func TestStoppedNamesTheCause(t *testing.T) {
	clk := autoClock()
	s := &script{clk: clk, answers: []error{}}
	p, _ := devicecode.NewPoller(newDeviceCode(t0, 0, time.Minute), s.poll, devicecode.WithClock(clk))
	cause := errors.New("the operator gave up")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	_, err := p.Wait(ctx)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, cause) || err.Error() != "stopped waiting: the operator gave up" {
		t.Fatalf("err = %v", err)
	}
}
