package vendortest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
)

// TokenTypeSetup starts a vendor's fake with o and a client on it that
// allows the "MAC" token type when allow is set (WithTokenTypes).
type TokenTypeSetup func(t *testing.T, o devicetest.Options, allow bool) devicecode.Client

// CheckTokenTypes checks that a token of a type other than Bearer ends
// Wait with a *devicecode.TokenTypeError naming it (RFC 6749 §7.1),
// without showing the token, unless the caller allows the type.
func CheckTokenTypes(t *testing.T, setup TokenTypeSetup) {
	mac := func(w http.ResponseWriter, r *http.Request) bool {
		if r.PostForm.Get("grant_type") != devicecode.GrantType {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"MAC-ID","token_type":"mac","mac_key":"k","expires_in":3600}`)
		return true
	}
	for _, allowed := range []bool{false, true} {
		c := setup(t, devicetest.Options{Intercept: mac}, allowed)
		ctx := Context(t)
		fl, err := c.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out, err := fl.Wait(ctx)
		var te *devicecode.TokenTypeError
		switch {
		case allowed && (err != nil || out.Token.TokenType != "mac"):
			t.Errorf("allowed: Wait = %v, %v", out, err)
		case !allowed && (!errors.As(err, &te) || te.Type != "mac" || !strings.Contains(err.Error(), `"mac" token`) || out != nil):
			t.Errorf("Wait = %v, %v; want a *devicecode.TokenTypeError for mac", out, err)
		case !allowed && strings.Contains(err.Error(), "MAC-ID"):
			t.Errorf("the error shows the token: %v", err)
		}
	}
}
