package devicecode

import (
	"fmt"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/internal/safetext"
)

// TokenTypeError is a token of a type the client was not told it can
// use. RFC 6749 §7.1: a client must not use an access token whose type
// it does not understand — sent as a Bearer token, a "mac" or "DPoP"
// token would fail, or leak a key-bound credential, at every API call.
type TokenTypeError struct {
	Type string // token_type as the server sent it
}

var _ error = (*TokenTypeError)(nil)

func (e *TokenTypeError) Error() string {
	return fmt.Sprintf("the server issued a %q token, which this client does not use (only Bearer, unless allowed; RFC 6749 §7.1)",
		safetext.Show(e.Type))
}

// CheckTokenType refuses a token whose token_type is neither Bearer nor
// one of allowed, compared in any case (RFC 6749 §5.1); an absent type is
// Bearer, as oauth2.Token.Type has it.
func CheckTokenType(tok *oauth2.Token, allowed ...string) error {
	if tok == nil || tok.TokenType == "" || strings.EqualFold(tok.TokenType, "bearer") {
		return nil
	}
	for _, a := range allowed {
		if strings.EqualFold(tok.TokenType, a) {
			return nil
		}
	}
	return &TokenTypeError{Type: tok.TokenType}
}
