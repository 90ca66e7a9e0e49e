package durable

import (
	"encoding/json"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// outcomeJSON is an Outcome as sealed between the poll that won it and
// the handler's commit; devicecode.Outcome marshals itself redacted, as a
// log format should, so the token's fields are written here.
type outcomeJSON struct {
	Vendor       normalize.Vendor `json:"vendor"`
	UserCode     string           `json:"user_code,omitempty"`
	Token        bool             `json:"token"`
	AccessToken  string           `json:"access_token,omitempty"`
	TokenType    string           `json:"token_type,omitempty"`
	RefreshToken string           `json:"refresh_token,omitempty"`
	Expiry       time.Time        `json:"expiry,omitzero"`
	ExpiresIn    int64            `json:"expires_in,omitempty"`
	Extra        map[string]any   `json:"extra,omitempty"`
}

// extraMembers are the token response members, beyond RFC 6749's, that
// the vendors send and an integrator reads with Token.Extra: OpenID
// Connect's id_token, the granted scope, Entra's ext_expires_in,
// GitLab's created_at.
var extraMembers = []string{"id_token", "scope", "ext_expires_in", "created_at", "refresh_token_expires_in"}

func marshalOutcome(o *devicecode.Outcome) ([]byte, error) {
	w := outcomeJSON{Vendor: o.Vendor, UserCode: o.UserCode}
	if t := o.Token; t != nil {
		w.Token, w.AccessToken, w.TokenType, w.RefreshToken = true, t.AccessToken, t.TokenType, t.RefreshToken
		w.Expiry, w.ExpiresIn = t.Expiry, t.ExpiresIn
		for _, k := range extraMembers {
			if v := t.Extra(k); v != nil {
				if w.Extra == nil {
					w.Extra = map[string]any{}
				}
				w.Extra[k] = v
			}
		}
	}
	return json.Marshal(w) //nolint:gosec // G117: the token is marshaled to be sealed at once (Keyring.seal), never stored or shown as is
}

func unmarshalOutcome(b []byte) (*devicecode.Outcome, error) {
	var w outcomeJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	o := &devicecode.Outcome{Vendor: w.Vendor, UserCode: w.UserCode}
	if w.Token {
		o.Token = &oauth2.Token{AccessToken: w.AccessToken, TokenType: w.TokenType,
			RefreshToken: w.RefreshToken, Expiry: w.Expiry, ExpiresIn: w.ExpiresIn}
		if w.Extra != nil {
			o.Token = o.Token.WithExtra(w.Extra)
		}
	}
	return o, nil
}
