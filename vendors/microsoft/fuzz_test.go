package microsoft

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
)

// FuzzErrorBody feeds any token endpoint answer through the engine and
// explain: an Entra error answer always becomes an *Error holding the
// engine's *OAuthError unchanged, with every sentinel of the engine's
// error still matching; the text is safe for a terminal, names no AADSTS
// id beyond the server's own description, and carries no secret sent
// beside the error.
func FuzzErrorBody(f *testing.F) {
	for _, body := range []string{
		`{"error":"authorization_pending","error_description":"AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2025-06-01 12:00:00Z","error_codes":[70016],"timestamp":"2025-06-01 12:00:00Z","trace_id":"0000aaaa-11bb-cccc-dd22-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd","error_uri":"https://login.microsoftonline.com/error?code=70016"}`,
		`{"error":"invalid_client","error_description":"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.","error_codes":[7000218]}`,
		`{"error":"authorization_declined","error_codes":"70000"}`,
		`{"error":"bad_verification_code","error_codes":[1e400],"trace_id":{"a":1}}`,
		`{"error":"expired_token","error_codes":[70020,-1,99999999999999999999]}`,
		`{"error":"\u001b]8;;https://evil\u0007x","error_description":"\u202e\u0085"}`,
		`{"error":"invalid_grant","error_codes":[70000],"error_codes":[7000218]}`,
		`{"token_type":"Bearer","scope":"User.Read","expires_in":3599,"access_token":"eyJ0eXAi..."}`,
	} {
		f.Add(400, []byte(body))
	}
	f.Add(404, []byte(`<html>no tenant</html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		explainAnswer(t, status, body)
		if b, ok := withSecrets(body); ok && !bytes.Contains(body, []byte(secretMark)) {
			if err := explainAnswer(t, status, b); err != nil && strings.Contains(err.Error(), secretMark) {
				t.Fatalf("a secret member is in the error %q", err)
			}
		}
	})
}

// explainAnswer asserts explain's properties on one answer.
func explainAnswer(t *testing.T, status int, body []byte) error {
	t.Helper()
	resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}}
	_, engine := devicecode.ParseTokenResponse(resp, body, time.Unix(1e9, 0))
	if engine == nil {
		return nil
	}
	err := explain("", engine)
	if r, bad := safetext.Unsafe(err.Error()); bad {
		t.Fatalf("error text carries %U: %q", r, err.Error())
	}
	for _, s := range sentinels {
		if errors.Is(engine, s) != errors.Is(err, s) {
			t.Fatalf("explain changed errors.Is(%v): %v → %v", s, engine, err)
		}
	}
	var oe *devicecode.OAuthError
	if !errors.As(engine, &oe) {
		return err
	}
	var e *Error
	if !errors.As(err, &e) || e.Err != oe {
		t.Fatalf("an Entra answer without its *Error: %#v", err)
	}
	if slices.Contains(e.ErrorCodes, aadstsPublicClientDisabled) && !strings.Contains(err.Error(), "Allow public client flows") {
		t.Fatalf("codes %v, text %q", e.ErrorCodes, err)
	}
	return err
}

var sentinels = []error{devicecode.ErrAuthorizationPending, devicecode.ErrSlowDown, devicecode.ErrAccessDenied,
	devicecode.ErrExpiredToken, devicecode.ErrInvalidDeviceCode, devicecode.ErrDeviceFlowUnsupported,
	devicecode.ErrTransient, devicecode.ErrInvalidResponse}

// secretMark is in every secret withSecrets adds; no wording of ours has it.
const secretMark = "SECRET"

// withSecrets adds a device code and tokens to a JSON object body.
func withSecrets(body []byte) ([]byte, bool) {
	t := bytes.TrimLeft(body, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	const s = `"device_code":"dc-SECRET-1","access_token":"at-SECRET-2","refresh_token":"rt-SECRET-3","id_token":"it-SECRET-4",`
	return append([]byte("{"+s), t[1:]...), true
}
