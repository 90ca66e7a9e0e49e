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
// (x/oauth2 uses the same margin). A token this source obtained renews
// at most half its lifetime early (renewalMargin).
const expiryDelta = 10 * time.Second

// Refresher exchanges a refresh token at the vendor's token endpoint.
type Refresher func(ctx context.Context, refreshToken string) (*oauth2.Token, error)

// TokenSource returns tok while it is valid, then refreshes it with
// refresh when tok has a refresh token, and otherwise fails with
// ErrTokenExpired. fail words every error it returns (the vendor's
// prefix). ctx carries the refresh requests, as with
// oauth2.Config.TokenSource. It is safe for concurrent use.
//
// A token is renewed expiryDelta before it expires, or half its lifetime
// before when that is later, its lifetime measured on clk from when the
// source obtained it: a refreshed token that lives under expiryDelta
// would otherwise be stale on arrival and be refreshed at every call. tok,
// whose issue time the source cannot know, gets the full margin: it can
// cause one refresh at most, and the token that refresh returns has a
// lifetime the source measured.
func TokenSource(ctx context.Context, tok *oauth2.Token, clk clock.Clock, refresh Refresher, fail func(error) error) oauth2.TokenSource {
	return &tokenSource{ctx: ctx, tok: tok, margin: expiryDelta, clock: clk, refresh: refresh, fail: fail}
}

type tokenSource struct {
	ctx     context.Context
	clock   clock.Clock
	refresh Refresher
	fail    func(error) error

	mu     sync.Mutex
	tok    *oauth2.Token
	margin time.Duration // how long before tok's expiry it is renewed
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
	s.tok, s.margin = next, renewalMargin(next.Expiry.Sub(s.clock.Now()))
	return next, nil
}

// renewalMargin is how early a token that lives for lifetime from now is
// renewed: expiryDelta, but never more than half its lifetime, so that
// refreshes come no more often than every half lifetime.
func renewalMargin(lifetime time.Duration) time.Duration {
	return max(0, min(expiryDelta, lifetime/2))
}

// valid is oauth2.Token.Valid on the injected clock, with the source's
// margin.
func (s *tokenSource) valid() bool {
	t := s.tok
	if t.AccessToken == "" {
		return false
	}
	return t.Expiry.IsZero() || s.clock.Now().Add(s.margin).Before(t.Expiry)
}
