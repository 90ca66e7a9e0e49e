package gitlab_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestTokenType: a token of a type other than Bearer ends Wait with a
// *deviceflow.TokenTypeError naming it (RFC 6749 §7.1), unless the caller
// allows the type with WithTokenTypes.
func TestTokenType(t *testing.T) {
	mac := onPoll(func(w http.ResponseWriter, _ int) bool {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"MAC-ID","token_type":"mac","mac_key":"k","expires_in":3600}`)
		return true
	})
	for _, allowed := range []bool{false, true} {
		var opts []gitlab.Option
		if allowed {
			opts = append(opts, gitlab.WithTokenTypes("MAC"))
		}
		e := setup(t, gitlab.Config{}, devicetest.Options{Intercept: mac}, opts...)
		ctx := vendortest.Context(t)
		dc, err := e.client.Start(ctx, "read_user")
		if err != nil {
			t.Fatal(err)
		}
		tok, err := e.client.Wait(ctx, dc)
		var te *deviceflow.TokenTypeError
		switch {
		case allowed && (err != nil || tok.TokenType != "mac"):
			t.Errorf("allowed: Wait = %v, %v", tok, err)
		case !allowed && (!errors.As(err, &te) || te.Type != "mac" || !strings.Contains(err.Error(), `"mac" token`) || tok != nil):
			t.Errorf("Wait = %v, %v; want a *deviceflow.TokenTypeError for mac", tok, err)
		case !allowed && strings.Contains(err.Error(), "MAC-ID"):
			t.Errorf("the error shows the token: %v", err)
		}
	}
}
