package cohesity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// opLogin names the cluster login in errors.
const opLogin = "logging in"

// authorization returns the cached Authorization value, logging in once.
// A login lasts 24 hours, longer than any device code; the login lock is
// held across the request so that concurrent flows log in once, and a
// flow queued behind it still honours its context.
func (c *Client) authorization(ctx context.Context) (string, error) {
	if err := c.st.logins.Lock(ctx); err != nil {
		return "", err
	}
	defer c.st.logins.Unlock()
	if auth := c.st.cachedLogin(); auth != "" {
		return auth, nil
	}
	auth, err := c.logIn(ctx)
	if err != nil {
		return "", &loginError{c.mask.Err(err)}
	}
	c.st.mu.Lock()
	c.st.login = auth
	c.st.mu.Unlock()
	return auth, nil
}

func (st *state) cachedLogin() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.login
}

// loginError is a failed login inside another operation; fail names the
// login as the operation, since that is what the user must fix.
type loginError struct{ err error }

func (e *loginError) Error() string { return e.err.Error() }
func (e *loginError) Unwrap() error { return e.err }

// logIn sends POST /v2/access-tokens and builds "<tokenType> <accessToken>".
func (c *Client) logIn(ctx context.Context) (string, error) {
	password := string(c.cfg.Password)
	body := cohesitygen.CreateAccessTokenRequestParams{Username: &c.cfg.Username, Password: &password}
	if c.cfg.LoginDomain != "" {
		body.Domain = &c.cfg.LoginDomain
	}
	var out cohesitygen.CreateAccessTokenResponseParams
	resp, err := c.api.CreateAccessToken(ctx, body) //nolint:bodyclose // c.decode closes it (vendorkit.ReadBody)
	if err := c.decode(resp, err, &out); err != nil {
		return "", err
	}
	token := deref(out.AccessToken)
	if token == "" {
		return "", fmt.Errorf("%w: the login answer (201) has no accessToken", devicecode.ErrInvalidResponse)
	}
	if strings.ContainsAny(token, "\r\n") {
		return "", errors.New("the login answer's accessToken is not a header value")
	}
	// The python SDK's fallback when the cluster names no type.
	typ := deref(out.TokenType)
	if typ == "" {
		typ = "Bearer"
	}
	if strings.ContainsAny(typ, " \r\n") {
		return "", fmt.Errorf("%w: the login answer's tokenType %s is not a scheme name",
			devicecode.ErrInvalidResponse, showQuoted(typ))
	}
	return typ + " " + token, nil
}
