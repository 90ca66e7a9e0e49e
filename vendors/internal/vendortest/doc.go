// Package vendortest holds the test support the vendor packages share on
// top of the devicetest fakes, written against the contract every client
// satisfies (devicecode.Client): the flow check every vendor runs
// (CheckPoller: pending, a State resumed by a freshly built client,
// another instance's State, expiry), and
// for the RFC 8628 vendors (GitLab, Entra) the efficiency measurement
// (Efficiency), the client authentication check (AuthStyles), the token
// type check (CheckTokenTypes), the interop scenarios against a real
// RFC 8628 server (RunInterop) and the checks that secrets are never
// shown. Each vendor's tests keep only its quirks; the servers are
// devicetest's.
package vendortest

import (
	"context"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
)

// TokenClient is the contract plus what the RFC 8628 vendors (GitLab,
// Entra) add: a TokenSource that refreshes the token a flow yields.
type TokenClient interface {
	devicecode.Client
	TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource
}

// Context is a context for one test: a flow that hangs fails it rather
// than the whole run.
func Context(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
