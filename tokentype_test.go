package devicecode_test

import (
	"errors"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
)

func TestCheckTokenType(t *testing.T) {
	for _, tt := range []struct {
		typ     string
		allowed []string
		ok      bool
	}{
		{"Bearer", nil, true},
		{"bearer", nil, true},
		{"BEARER", nil, true},
		{"", nil, true}, // absent: Bearer, as oauth2.Token.Type has it
		{"mac", nil, false},
		{"DPoP", nil, false},
		{"Bearer ", nil, false},
		{"N_A", nil, false},
		{"dpop", []string{"DPoP"}, true},
		{"mac", []string{"DPoP"}, false},
	} {
		err := devicecode.CheckTokenType(&oauth2.Token{AccessToken: "AT", TokenType: tt.typ}, tt.allowed...)
		var te *devicecode.TokenTypeError
		if tt.ok != (err == nil) || (err != nil && (!errors.As(err, &te) || te.Type != tt.typ)) {
			t.Errorf("CheckTokenType(%q, %q) = %v", tt.typ, tt.allowed, err)
		}
	}
}
