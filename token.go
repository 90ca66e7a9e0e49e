package devicecode

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
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

// ParseTokenResponse turns a token endpoint answer into a token (RFC 6749
// §5.1) or a classified error (see CheckResponse). Only access_token and
// token_type are required by the RFC, and only access_token by us:
// expires_in, refresh_token and scope may be absent. Members are matched by
// their exact names — encoding/json would also take "ACCESS_TOKEN" — and a
// member sent twice is refused. Every member, e.g. id_token and scope,
// stays reachable through Token.Extra; expires_in becomes Expiry relative to
// now. token_type is kept as sent; oauth2.Token.Type compares it
// case-insensitively (RFC 6749 §5.1).
func ParseTokenResponse(resp *http.Response, body []byte, now time.Time) (*oauth2.Token, error) {
	if err := CheckResponse(resp, body, now); err != nil {
		return nil, err
	}
	invalid := func(format string, a ...any) error {
		return fmt.Errorf("%w: token answer (HTTP %d) %s", ErrInvalidResponse, resp.StatusCode, fmt.Sprintf(format, a...))
	}
	var members map[string]json.RawMessage
	err := jsonstrict.Unmarshal(body, &members, 0)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return nil, invalid("has the member %s twice", safetext.Show(dup.Pointer))
	}
	if err != nil {
		return nil, invalid("is not a JSON object (%s)", safetext.Show(resp.Header.Get("Content-Type")))
	}
	tok, field := tokenFrom(members, now)
	if field != "" {
		return nil, invalid("%s", field)
	}
	var extra map[string]any
	_ = json.Unmarshal(body, &extra) // valid JSON: decoded above
	return tok.WithExtra(extra), nil
}

// tokenFrom reads the RFC 6749 §5.1 members, or says which one is wrong.
func tokenFrom(m map[string]json.RawMessage, now time.Time) (*oauth2.Token, string) {
	tok := &oauth2.Token{}
	var expires flexSecond
	switch {
	case !member(m, "access_token", &tok.AccessToken) || tok.AccessToken == "":
		return nil, "has no access_token"
	case !member(m, "token_type", &tok.TokenType):
		return nil, "has a token_type that is not a string"
	case !member(m, "refresh_token", &tok.RefreshToken):
		return nil, "has a refresh_token that is not a string"
	case !member(m, "expires_in", &expires):
		return nil, "has an expires_in that is not a number of seconds"
	}
	if expires > 0 {
		tok.ExpiresIn = int64(expires)
		tok.Expiry = now.Add(time.Duration(expires) * time.Second)
	}
	return tok, ""
}

// member decodes the member key into dst; absent and null leave dst alone,
// and so does a member of the wrong type, for which it reports false.
func member[T any](m map[string]json.RawMessage, key string, dst *T) bool {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return true
	}
	var v T
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	*dst = v
	return true
}
