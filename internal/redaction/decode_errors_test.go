package redaction_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

const markAccessToken = "SECRET-ACCESS-TOKEN-5b9d"

// TestDecodeErrorsHideTheDeviceCode: a device answer refused for any
// reason names the field at fault, never the device code it carried.
func TestDecodeErrorsHideTheDeviceCode(t *testing.T) {
	dc := `"device_code":"` + markDeviceCode + `"`
	bodies := map[string]string{
		"no user code":      `{` + dc + `,"verification_uri":"https://gitlab.com/oauth/device","expires_in":300}`,
		"foreign host":      `{` + dc + `,"user_code":"WDJB-MJHT","verification_uri":"https://evil.example/","expires_in":300}`,
		"negative lifetime": `{` + dc + `,"user_code":"WDJB-MJHT","verification_uri":"https://gitlab.com/oauth/device","expires_in":-1}`,
		"sent twice":        `{` + dc + `,` + dc + `,"user_code":"WDJB-MJHT","verification_uri":"https://gitlab.com/oauth/device","expires_in":300}`,
		"control character": `{"device_code":"` + markDeviceCode + `\u0007","user_code":"WDJB-MJHT","verification_uri":"https://gitlab.com/oauth/device","expires_in":300}`,
		"truncated":         `{` + dc + `,"user_code":"WDJB`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			_, err := normalize.Decode(normalize.GitLab, []byte(body), normalize.WithVerificationHosts("gitlab.com"))
			if err == nil {
				t.Fatal("accepted")
			}
			hidden(t, name, errorTexts(err), markDeviceCode)
		})
	}
}

// TestStateErrorsHideTheDeviceCode: a saved state refused on reading does
// not quote the device code in it.
func TestStateErrorsHideTheDeviceCode(t *testing.T) {
	good, err := json.Marshal(devicecode.State{DeviceCode: *markedDeviceCode(), Interval: 5e9, NextPollAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"negative polls": strings.Replace(string(good), `"polls":0`, `"polls":-1`, 1),
		"sent twice":     strings.Replace(string(good), `"polls":0`, `"polls":0,"Polls":1`, 1),
		"bad interval":   strings.Replace(string(good), `"interval":5,"next`, `"interval":"5s","next`, 1),
		"bad device":     strings.Replace(string(good), `"expires_in":300`, `"expires_in":-300`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			if body == string(good) {
				t.Fatal("the edit did not apply")
			}
			var st devicecode.State
			err := json.Unmarshal([]byte(body), &st)
			if err == nil {
				t.Fatalf("accepted %s", body)
			}
			hidden(t, name, errorTexts(err), markDeviceCode)
		})
	}
}

// TestTokenErrorsHideTheToken: a token answer refused for its shape
// names what is wrong, never the access or refresh token it carried.
func TestTokenErrorsHideTheToken(t *testing.T) {
	at := `"access_token":"` + markAccessToken + `"`
	for name, body := range map[string]string{
		"sent twice":           `{` + at + `,` + at + `,"token_type":"Bearer"}`,
		"bad expires_in":       `{` + at + `,"token_type":"Bearer","expires_in":"soon"}`,
		"bad token_type":       `{` + at + `,"token_type":7}`,
		"bad refresh_token":    `{` + at + `,"token_type":"Bearer","refresh_token":{"v":"` + markAccessToken + `"}}`,
		"truncated":            `{` + at + `,"token_type":"Bea`,
		"error with a token":   `{"error":"invalid_grant",` + at + `}`,
		"token as a number":    `{"access_token":7,"refresh_token":"` + markAccessToken + `"}`,
		"not an object":        `["` + markAccessToken + `"]`,
		"string, not object":   `"` + markAccessToken + `"`,
		"access token missing": `{"refresh_token":"` + markAccessToken + `","token_type":"Bearer"}`,
	} {
		t.Run(name, func(t *testing.T) {
			resp := &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}}}
			tok, err := devicecode.ParseTokenResponse(resp, []byte(body), t0)
			if err == nil {
				t.Fatalf("accepted: %v", tok != nil)
			}
			hidden(t, name, errorTexts(err), markAccessToken)
		})
	}
}
