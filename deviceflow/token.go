package deviceflow

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// GrantType is the grant_type of the device access token request (§3.4).
const GrantType = "urn:ietf:params:oauth:grant-type:device_code"

// AuthStyle is how the client authenticates to the token endpoint. There is
// exactly one, chosen by the caller and never probed, so each poll is
// exactly one request (x/oauth2's auto-detection sends two).
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

// tokenBody is RFC 6749 §5.1.
type tokenBody struct {
	AccessToken  string     `json:"access_token"`
	TokenType    string     `json:"token_type"`
	RefreshToken string     `json:"refresh_token"`
	ExpiresIn    flexSecond `json:"expires_in"`
}

// ParseTokenResponse turns a token endpoint answer into a token (RFC 6749
// §5.1) or a classified error (see CheckResponse). All response fields,
// e.g. id_token and scope, stay reachable through Token.Extra; expires_in
// becomes Expiry relative to now.
func ParseTokenResponse(resp *http.Response, body []byte, now time.Time) (*oauth2.Token, error) {
	if err := CheckResponse(resp, body, now); err != nil {
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
