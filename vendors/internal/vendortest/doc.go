// Package vendortest holds the test support every vendor package shares
// on top of the devicetest fakes: the efficiency measurement (Efficiency),
// the client authentication check (AuthStyles), the interop scenarios
// against a real RFC 8628 server (RunInterop), and the checks that
// secrets are never shown. Each vendor's tests keep only its quirks; the
// servers are devicetest's.
package vendortest

import (
	"context"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/normalize"
)

// Flow is what every vendor Client offers.
type Flow interface {
	Start(ctx context.Context, scopes ...string) (*normalize.DeviceCode, error)
	Wait(ctx context.Context, dc *normalize.DeviceCode) (*oauth2.Token, error)
	TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource
}

// Context is a context for one test: a flow that hangs fails it rather
// than the whole run.
func Context(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
