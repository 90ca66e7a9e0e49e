package devicecode_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func jsonResponse(status int) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}
}

// What RFC 6749 §5.1 allows is accepted: token_type in any case, no
// expires_in, no scope, no refresh_token, members of its own.
func TestParseTokenResponseTolerates(t *testing.T) {
	tok, err := devicecode.ParseTokenResponse(jsonResponse(200),
		[]byte(`{"access_token":"AT","token_type":"bearer","vendor_member":{"x":1},"created_at":1}`), t0)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Type() != "Bearer" || !tok.Expiry.IsZero() || tok.RefreshToken != "" || tok.Extra("scope") != nil ||
		tok.Extra("vendor_member") == nil || tok.Extra("created_at") == nil {
		t.Errorf("token %+v, type %q", tok, tok.Type())
	}
	tok, err = devicecode.ParseTokenResponse(jsonResponse(200), []byte(`{"access_token":"AT","token_type":"BEARER","expires_in":"3600","refresh_token":null}`), t0)
	if err != nil || tok.Type() != "Bearer" || !tok.Expiry.Equal(t0.Add(time.Hour)) {
		t.Fatalf("token %+v, %v", tok, err)
	}
}

// What would let two readers disagree, or is not a token, is refused with
// ErrInvalidResponse naming the member.
func TestParseTokenResponseRefuses(t *testing.T) {
	for body, want := range map[string]string{
		`{"access_token":"AT","access_token":"EVIL","token_type":"Bearer"}`: "/access_token twice",
		`{"ACCESS_TOKEN":"AT","token_type":"Bearer"}`:                       "no access_token",
		`{"access_token":"","token_type":"Bearer"}`:                         "no access_token",
		`{"access_token":7}`:                        "no access_token",
		`{"access_token":"AT","token_type":1}`:      "token_type",
		`{"access_token":"AT","expires_in":"soon"}`: "expires_in",
		`["AT"]`: "not a JSON object",
		`{"error":"slow_down","error":"access_denied"}`:                                              "/error twice",
		`{"error":"authorization_pending","error_description":"a","error_description":"\u001b[2Jb"}`: "/error_description twice",
	} {
		_, err := devicecode.ParseTokenResponse(jsonResponse(400), []byte(body), t0)
		if body[2] == 'a' || body[2] == 'A' || body[0] == '[' {
			_, err = devicecode.ParseTokenResponse(jsonResponse(200), []byte(body), t0)
		}
		if !errors.Is(err, devicecode.ErrInvalidResponse) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want ErrInvalidResponse mentioning %q", body, err, want)
		}
	}
}
