package devicecode_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
)

func TestParseTokenResponse(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		ctype     string
		header    http.Header
		body      string
		wantErr   error // nil: a token
		transient bool
	}{
		{name: "GitLab success with charset", status: 200, ctype: "application/json; charset=utf-8",
			body: `{"access_token":"TOKEN","token_type":"Bearer","expires_in":7200,"scope":"read","created_at":1593096829}`},
		{name: "unlabelled JSON", status: 200, ctype: "text/plain", body: ` {"access_token":"TOKEN"}`},
		{name: "Entra v1 string numbers", status: 200, ctype: "application/json", body: `{"access_token":"TOKEN","expires_in":"3599"}`},
		{name: "error with 200", status: 200, ctype: "application/json", body: `{"error":"slow_down"}`, wantErr: devicecode.ErrSlowDown},
		{name: "no access token", status: 200, ctype: "application/json", body: `{"token_type":"Bearer"}`, wantErr: devicecode.ErrInvalidResponse},
		{name: "HTML 200", status: 200, ctype: "text/html", body: `<html></html>`, wantErr: devicecode.ErrInvalidResponse},
		{name: "pending", status: 400, ctype: "application/json", body: `{"error":"authorization_pending","error_description":"..."}`, wantErr: devicecode.ErrAuthorizationPending},
		{name: "unknown code with 400 is terminal", status: 400, ctype: "application/json", body: `{"error":"invalid_client"}`, wantErr: &devicecode.OAuthError{}},
		{name: "JSON 503 without a code is transient", status: 503, ctype: "application/json", body: `{"message":"maintenance"}`, wantErr: devicecode.ErrTransient, transient: true},
		{name: "unknown code with 503 is transient", status: 503, ctype: "application/json", body: `{"error":"server_busy"}`, wantErr: devicecode.ErrTransient, transient: true},
		{name: "HTML 504", status: 504, ctype: "text/html", body: `<html>Gateway Timeout</html>`, wantErr: devicecode.ErrTransient, transient: true},
		{name: "429 empty", status: 429, wantErr: devicecode.ErrTransient, transient: true},
		{name: "HTML 500", status: 500, ctype: "text/html", body: `<html>oops</html>`, wantErr: &devicecode.HTTPError{}},
		{name: "HTML 404", status: 404, ctype: "text/html", body: `<html>not found</html>`, wantErr: devicecode.ErrDeviceFlowUnsupported},
		{name: "device_flow_disabled", status: 400, ctype: "application/json", body: `{"error":"device_flow_disabled"}`, wantErr: devicecode.ErrDeviceFlowUnsupported},
		{name: "empty 200", status: 200, wantErr: devicecode.ErrInvalidResponse},
		{name: "empty JSON 200", status: 200, ctype: "application/json", wantErr: devicecode.ErrInvalidResponse},
		{name: "JSON null 200", status: 200, ctype: "application/json", body: `null`, wantErr: devicecode.ErrInvalidResponse},
		{name: "plain text 200", status: 200, ctype: "text/plain", body: `OK`, wantErr: devicecode.ErrInvalidResponse},
		// Rails' JSON 404 ({"status":404,"error":"Not Found"}): a missing
		// route, whatever the body says.
		{name: "JSON 404 with an error member", status: 404, ctype: "application/json", body: `{"status":404,"error":"Not Found"}`, wantErr: devicecode.ErrDeviceFlowUnsupported},
		// A malformed optional member must not hide the error code.
		{name: "slow_down with a malformed interval", status: 400, ctype: "application/json", body: `{"error":"slow_down","interval":"soon"}`, wantErr: devicecode.ErrSlowDown},
		{name: "slow_down with a negative interval", status: 400, ctype: "application/json", body: `{"error":"slow_down","interval":-1}`, wantErr: devicecode.ErrSlowDown},
		{name: "pending with error_codes as a string", status: 400, ctype: "application/json", body: `{"error":"authorization_pending","error_codes":"70016"}`, wantErr: devicecode.ErrAuthorizationPending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
			if tt.ctype != "" {
				resp.Header.Set("Content-Type", tt.ctype)
			}
			tok, err := devicecode.ParseTokenResponse(resp, []byte(tt.body), t0)
			if tt.wantErr == nil {
				if err != nil || tok.AccessToken != "TOKEN" {
					t.Fatalf("got %v, %v", tok, err)
				}
				return
			}
			var oe *devicecode.OAuthError
			var he *devicecode.HTTPError
			ok := errors.Is(err, tt.wantErr) ||
				(errors.As(tt.wantErr, &oe) && errors.As(err, &oe)) ||
				(errors.As(tt.wantErr, &he) && errors.As(err, &he))
			if !ok || devicecode.IsTransient(err) != tt.transient {
				t.Fatalf("err = %v (transient %v), want %v (transient %v)", err, devicecode.IsTransient(err), tt.wantErr, tt.transient)
			}
		})
	}
}

func TestParseTokenResponseKeepsFields(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}}
	body := `{"access_token":"A","token_type":"Bearer","expires_in":"3599","refresh_token":"R","id_token":"I","scope":"s","created_at":1593096829}`
	tok, err := devicecode.ParseTokenResponse(resp, []byte(body), t0)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken != "R" || tok.Extra("id_token") != "I" || tok.Extra("scope") != "s" ||
		tok.Extra("created_at") != 1593096829.0 || !tok.Expiry.Equal(t0.Add(3599*time.Second)) {
		t.Errorf("token %+v", tok)
	}
}

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{t0.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{t0.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Sun, 06 Nov 1994 08:49:37 GMT", 0, true},
		{"-5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := devicecode.ParseRetryAfter(tt.in, t0)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestErrorBodyHints: the optional members of an error body reach the
// *OAuthError, and a malformed one is dropped without losing the rest.
func TestErrorBodyHints(t *testing.T) {
	tests := []struct {
		body         string
		wantInterval time.Duration
		wantExtra    string
	}{
		{`{"error":"slow_down","interval":30,"error_codes":[70016]}`, 30 * time.Second, "[70016]"},
		{`{"error":"slow_down","interval":"30","error_codes":"x"}`, 30 * time.Second, `"x"`},
		{`{"error":"slow_down","interval":"soon","error_codes":[70016]}`, 0, "[70016]"},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}}}
		err := devicecode.CheckResponse(resp, []byte(tt.body), t0)
		var oe *devicecode.OAuthError
		if !errors.As(err, &oe) || oe.Code != "slow_down" || oe.Interval != tt.wantInterval || string(oe.Extra["error_codes"]) != tt.wantExtra {
			t.Errorf("%s: got %#v", tt.body, err)
		}
	}
}
