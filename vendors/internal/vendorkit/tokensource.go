package vendorkit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/devicecode/devicecode/clock"
	"golang.org/x/oauth2"
)

// ErrTokenExpired means the access token expired and there is no refresh
// token to renew it; only a new device flow (a person) can.
var ErrTokenExpired = errors.New("the access token expired and there is no refresh token: sign in again")

// expiryDelta renews a little early so a token does not expire in flight
// (x/oauth2 uses the same margin).
const expiryDelta = 10 * time.Second

// Refresher exchanges a refresh token at the vendor's token endpoint.
type Refresher func(ctx context.Context, refreshToken string) (*oauth2.Token, error)

// TokenSource returns tok while it is valid, then refreshes it with
// refresh when tok has a refresh token, and otherwise fails with
// ErrTokenExpired. fail words every error it returns (the vendor's
// prefix). ctx carries the refresh requests, as with
// oauth2.Config.TokenSource. It is safe for concurrent use.
func TokenSource(ctx context.Context, tok *oauth2.Token, clk clock.Clock, refresh Refresher, fail func(error) error) oauth2.TokenSource {
	return &tokenSource{ctx: ctx, tok: tok, clock: clk, refresh: refresh, fail: fail}
}

type tokenSource struct {
	ctx     context.Context
	clock   clock.Clock
	refresh Refresher
	fail    func(error) error

	mu  sync.Mutex
	tok *oauth2.Token
}

func (s *tokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		return nil, s.fail(errors.New("the token source has no token"))
	}
	if s.valid() {
		return s.tok, nil
	}
	if s.tok.RefreshToken == "" {
		return nil, s.fail(fmt.Errorf("%w (it expired at %s)", ErrTokenExpired, s.tok.Expiry.UTC().Format(time.RFC3339)))
	}
	next, err := s.refresh(s.ctx, s.tok.RefreshToken)
	if err != nil {
		return nil, s.fail(err)
	}
	// RFC 6749 §6: the server may keep the old refresh token.
	if next.RefreshToken == "" {
		next.RefreshToken = s.tok.RefreshToken
	}
	s.tok = next
	return next, nil
}

// valid is oauth2.Token.Valid on the injected clock.
func (s *tokenSource) valid() bool {
	t := s.tok
	if t.AccessToken == "" {
		return false
	}
	return t.Expiry.IsZero() || s.clock.Now().Add(expiryDelta).Before(t.Expiry)
}
