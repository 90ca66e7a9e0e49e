package shared

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
)

// TokenOutput is --output json; fields absent from the answer are omitted.
type TokenOutput struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
}

// writeToken prints the result on stdout: the token itself only when
// --output json asks for it.
func (o *OAuth) writeToken(w io.Writer, tok *oauth2.Token) error {
	scope, _ := tok.Extra("scope").(string)
	idToken, _ := tok.Extra("id_token").(string)
	if o.Output.Value == "json" {
		return cmdutil.WriteJSON(w, TokenOutput{AccessToken: tok.AccessToken, TokenType: tok.TokenType, ExpiresIn: tok.ExpiresIn,
			RefreshToken: tok.RefreshToken, Scope: scope, IDToken: idToken})
	}
	_, err := fmt.Fprintf(w, "signed in to %s: %s token (redacted)%s, scope %s, refresh token: %s, id token: %s\n",
		o.Vendor, safetext.Show(tokenType(tok)), cmdutil.ExpiresIn(tok), grantedScope(scope, o.Scopes), yesNo(tok.RefreshToken != ""), yesNo(idToken != ""))
	return err
}

// grantedScope is the scope the token carries, as the summary says it. A
// server omits scope when it granted the one requested (RFC 6749 §5.1), so
// an answer without one is not an empty scope: it is the request's, or,
// when nothing was requested, the application's default, which the server
// did not name.
func grantedScope(answered string, requested []string) string {
	switch {
	case answered != "":
		return strconv.Quote(safetext.Show(answered))
	case len(requested) > 0:
		return strconv.Quote(strings.Join(requested, " ")) + " (as requested)"
	}
	return "not named (the application's default)"
}

func tokenType(tok *oauth2.Token) string {
	if tok.TokenType == "" {
		return "access"
	}
	return tok.TokenType
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
