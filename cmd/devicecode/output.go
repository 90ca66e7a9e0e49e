package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/internal/safetext"
)

// tokenOutput is --output json; fields absent from the answer are omitted.
type tokenOutput struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
}

// writeToken prints the result on stdout: the token itself only when
// --output json asks for it.
func writeToken(w io.Writer, a *loginArgs, tok *oauth2.Token) error {
	scope, _ := tok.Extra("scope").(string)
	idToken, _ := tok.Extra("id_token").(string)
	if a.output.value == "json" {
		b, err := json.MarshalIndent(tokenOutput{AccessToken: tok.AccessToken, TokenType: tok.TokenType, ExpiresIn: tok.ExpiresIn, //nolint:gosec // G117: --output json asks for the tokens
			RefreshToken: tok.RefreshToken, Scope: scope, IDToken: idToken}, "", "  ")
		if err != nil {
			return err
		}
		// The values are the server's: C1 and bidi characters, which
		// encoding/json leaves raw, become \u escapes (same JSON value).
		_, err = w.Write(append(safetext.EscapeJSON(b), '\n'))
		return err
	}
	_, err := fmt.Fprintf(w, "signed in to %s: %s token (redacted)%s, scope %q, refresh token: %s, id token: %s\n",
		a.vendor, safetext.Show(tokenType(tok)), expiresIn(tok), safetext.Show(scope), yesNo(tok.RefreshToken != ""), yesNo(idToken != ""))
	return err
}

func tokenType(tok *oauth2.Token) string {
	if tok.TokenType == "" {
		return "access"
	}
	return tok.TokenType
}

func expiresIn(tok *oauth2.Token) string {
	if tok.ExpiresIn <= 0 {
		return ""
	}
	return ", expires in " + (time.Duration(tok.ExpiresIn) * time.Second).String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
