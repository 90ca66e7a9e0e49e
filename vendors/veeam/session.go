package veeam

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/devicecode/devicecode"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// refreshMargin is how long before its expiry a token is refreshed, so
// that a call does not start with a token that lapses in flight.
const refreshMargin = time.Minute

// token is the client's own sign-in to the VB365 server.
type token struct {
	access, refresh string
	expiry          time.Time // zero: no expires_in, valid until a 401
}

// String keeps both tokens out of %v.
func (t token) String() string {
	return fmt.Sprintf("veeam.token{access:%s refresh:%s expiry:%s}",
		vendorkit.Redacted(t.access), vendorkit.Redacted(t.refresh), t.expiry.Format(time.RFC3339))
}

// GoString keeps both tokens out of %#v.
func (t token) GoString() string { return t.String() }

// tokenAnswer is the part of OAuthTokenResponse the client reads. .issued
// and .expires are not read: upstream types them date-time, OWIN servers
// write RFC 1123, and the lifetime is expires_in anyway.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    *int64 `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}

// session holds the token; mu serializes sign-ins so that concurrent calls
// share one.
type session struct {
	mu  vendorkit.Lock
	tok token
}

// bearer returns a token valid for at least refreshMargin: the current
// one, a refreshed one, or, when refreshing fails, a new sign-in.
func (c *Client) bearer(ctx context.Context, api *veeamgen.Client, v Version) (string, error) {
	if err := c.st.sess.mu.Lock(ctx); err != nil {
		return "", err
	}
	defer c.st.sess.mu.Unlock()
	now := c.s.Clock.Now()
	t := c.st.sess.tok
	if t.access != "" && (t.expiry.IsZero() || now.Add(refreshMargin).Before(t.expiry)) {
		return t.access, nil
	}
	if t.refresh != "" {
		if nt, err := c.grant(ctx, api, v, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.refresh}}); err == nil {
			// RFC 6749 §6: the server may keep the old refresh token.
			if nt.refresh == "" {
				nt.refresh = t.refresh
			}
			c.st.sess.tok = nt
			return nt.access, nil
		}
		// A refused refresh (revoked, or VB365 restarted) falls back to the
		// password: the caller configured it for exactly this.
	}
	return c.loginLocked(ctx, api, v)
}

// relogin replaces a token the server refused with 401, unless another
// call already did.
func (c *Client) relogin(ctx context.Context, api *veeamgen.Client, v Version, refused string) (string, error) {
	if err := c.st.sess.mu.Lock(ctx); err != nil {
		return "", err
	}
	defer c.st.sess.mu.Unlock()
	if c.st.sess.tok.access != "" && c.st.sess.tok.access != refused {
		return c.st.sess.tok.access, nil
	}
	return c.loginLocked(ctx, api, v)
}

func (c *Client) loginLocked(ctx context.Context, api *veeamgen.Client, v Version) (string, error) {
	c.st.sess.tok = token{}
	t, err := c.grant(ctx, api, v, url.Values{"grant_type": {"password"}, "username": {c.cfg.Username}, "password": {string(c.cfg.Password)}})
	if err != nil {
		return "", err
	}
	c.st.sess.tok = t
	return t.access, nil
}

// grant sends one token request (form-encoded, as the docs' examples do).
func (c *Client) grant(ctx context.Context, api *veeamgen.Client, v Version, form url.Values) (token, error) {
	if c.cfg.Antiforgery.sendDisable(v) {
		form.Set("disable_antiforgery_token", "true")
	}
	resp, err := api.TokenWithBody(ctx, vendorkit.FormContentType, strings.NewReader(form.Encode())) //nolint:bodyclose // vendorkit.ReadBody closes it
	if err != nil {
		return token{}, err
	}
	body, err := vendorkit.ReadBody(resp)
	if err != nil {
		return token{}, err
	}
	now := c.s.Clock.Now()
	if resp.StatusCode != http.StatusOK {
		return token{}, readError(resp, body, now, c.mask)
	}
	t, err := decodeToken(body, now)
	return t, c.mask.Err(err)
}

func decodeToken(body []byte, now time.Time) (token, error) {
	var a tokenAnswer
	if err := decodeAnswer(body, &a, jsonstrict.FoldTop, "token answer"); err != nil {
		return token{}, err
	}
	if a.AccessToken == "" {
		return token{}, fmt.Errorf("%w: token answer has no access_token", devicecode.ErrInvalidResponse)
	}
	if a.TokenType != "" && !strings.EqualFold(a.TokenType, "bearer") {
		return token{}, fmt.Errorf("%w: token type %q is not bearer", devicecode.ErrInvalidResponse, safetext.Show(a.TokenType))
	}
	t := token{access: a.AccessToken, refresh: a.RefreshToken}
	if a.ExpiresIn != nil && *a.ExpiresIn > 0 {
		t.expiry = now.Add(time.Duration(*a.ExpiresIn) * time.Second)
	}
	return t, nil
}
