package deviceflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/normalize"
)

// GrantType is the grant_type of the device access token request (§3.4).
const GrantType = "urn:ietf:params:oauth:grant-type:device_code"

// AuthStyle is how the client authenticates to the token endpoint. There is
// exactly one, chosen by the caller: the poller never probes, so each poll
// is exactly one request (x/oauth2's auto-detection sends two).
type AuthStyle int

// The client authentication styles of RFC 6749 §2.3.1.
const (
	// AuthStyleNone: a public client; client_id in the form (GitLab and
	// Entra public clients).
	AuthStyleNone AuthStyle = iota
	// AuthStyleInParams: client_id and client_secret in the form.
	AuthStyleInParams
	// AuthStyleInHeader: HTTP Basic with the form-encoded id and secret.
	AuthStyleInHeader
)

// TokenPoller polls a standard RFC 8628 §3.4 token endpoint with a form POST
// and parses RFC 6749 §5.1 / §5.2 answers.
type TokenPoller struct {
	TokenURL     string
	ClientID     string
	ClientSecret string // a secret: never logged, never in errors
	AuthStyle    AuthStyle
	// Params are extra form fields some servers want (e.g. tenant hints).
	Params url.Values
	// HTTPClient sends the requests; nil means http.DefaultClient. Either
	// way it is wrapped by NewHTTPClient: no redirects, capped bodies.
	HTTPClient *http.Client
	// Clock turns expires_in into an expiry; nil means SystemClock().
	Clock Clock
}

// String keeps the client secret out of %v and %+v.
func (tp TokenPoller) String() string {
	return fmt.Sprintf("deviceflow.TokenPoller{TokenURL:%s ClientID:%s AuthStyle:%d}", tp.TokenURL, tp.ClientID, tp.AuthStyle)
}

// GoString keeps the client secret out of %#v.
func (tp TokenPoller) GoString() string { return tp.String() }

// PollFunc binds the poller to one device code for a [Poller].
func (tp *TokenPoller) PollFunc(dc *normalize.DeviceCode) PollFunc[*oauth2.Token] {
	code := dc.DeviceCode
	return func(ctx context.Context) (*oauth2.Token, error) { return tp.Poll(ctx, code) }
}

// Poll sends one device access token request.
func (tp *TokenPoller) Poll(ctx context.Context, deviceCode string) (*oauth2.Token, error) {
	req, err := tp.newRequest(ctx, deviceCode)
	if err != nil {
		return nil, err
	}
	resp, err := NewHTTPClient(tp.HTTPClient).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, DefaultMaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("deviceflow: reading token response: %w", err)
	}
	if len(body) > DefaultMaxBodyBytes {
		return nil, ErrResponseTooLarge
	}
	return ParseTokenResponse(resp, body, tp.clock().Now())
}

func (tp *TokenPoller) newRequest(ctx context.Context, deviceCode string) (*http.Request, error) {
	form, err := tp.form(deviceCode)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tp.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("deviceflow: token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if tp.AuthStyle == AuthStyleInHeader {
		// RFC 6749 §2.3.1: both parts are form-encoded before Basic.
		req.SetBasicAuth(url.QueryEscape(tp.ClientID), url.QueryEscape(tp.ClientSecret))
	}
	return req, nil
}

func (tp *TokenPoller) form(deviceCode string) (url.Values, error) {
	if tp.ClientSecret != "" && tp.AuthStyle == AuthStyleNone {
		return nil, errors.New("deviceflow: ClientSecret is set but AuthStyle is AuthStyleNone")
	}
	v := url.Values{}
	for k, vs := range tp.Params {
		v[k] = append([]string(nil), vs...)
	}
	v.Set("grant_type", GrantType)
	v.Set("device_code", deviceCode)
	switch tp.AuthStyle {
	case AuthStyleNone:
		v.Set("client_id", tp.ClientID)
	case AuthStyleInParams:
		v.Set("client_id", tp.ClientID)
		v.Set("client_secret", tp.ClientSecret)
	}
	return v, nil
}

func (tp *TokenPoller) clock() Clock {
	if tp.Clock == nil {
		return SystemClock()
	}
	return tp.Clock
}

// tokenBody is RFC 6749 §5.1.
type tokenBody struct {
	AccessToken  string     `json:"access_token"`
	TokenType    string     `json:"token_type"`
	RefreshToken string     `json:"refresh_token"`
	ExpiresIn    flexSecond `json:"expires_in"`
}

// ParseTokenResponse turns a token endpoint answer into a token (RFC 6749
// §5.1) or a classified error (see ResponseError). All response fields,
// e.g. id_token and scope, stay reachable through Token.Extra; expires_in
// becomes Expiry relative to now.
func ParseTokenResponse(resp *http.Response, body []byte, now time.Time) (*oauth2.Token, error) {
	if err := ResponseError(resp, body, now); err != nil {
		return nil, err
	}
	var tb tokenBody
	var raw map[string]any
	if err := json.Unmarshal(body, &tb); err != nil {
		return nil, fmt.Errorf("%w: token response is not RFC 6749 JSON (HTTP %d, %s)",
			ErrInvalidResponse, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := json.Unmarshal(body, &raw); err != nil || tb.AccessToken == "" {
		return nil, fmt.Errorf("%w: token response has no access_token (HTTP %d)", ErrInvalidResponse, resp.StatusCode)
	}
	tok := &oauth2.Token{AccessToken: tb.AccessToken, TokenType: tb.TokenType,
		RefreshToken: tb.RefreshToken, ExpiresIn: int64(tb.ExpiresIn)}
	if tb.ExpiresIn > 0 {
		tok.Expiry = now.Add(time.Duration(tb.ExpiresIn) * time.Second)
	}
	return tok.WithExtra(raw), nil
}
