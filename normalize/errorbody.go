package normalize

import (
	"github.com/devicecode/devicecode/internal/safetext"
)

// errorResponse recognises a vendor's error body handed to Decode in place
// of a device authorization response — a CI check fed the wrong capture, a
// tool that saved whatever came back — so that the report says what the
// server said ("invalid_client: Client authentication failed") instead of
// listing five missing fields.
func errorResponse(sh *shape, obj map[string]any) error {
	code, ok := errorCode(sh, obj)
	if !ok {
		return nil
	}
	reason := "is an error response, not a device code"
	if code != "" {
		reason = "is an error response: " + code
	}
	if msg := errorMessage(obj); msg != "" && code != "" {
		reason += ": " + msg
	} else if msg != "" {
		reason = "is an error response: " + msg
	}
	return &Error{Vendor: sh.vendor, Problems: []Problem{{Reason: safetext.Bound(reason, 300)}}}
}

// errorCode reports whether obj is the shape's error body, and its code.
// RFC 6749 §5.2 bodies have a string "error"; Cohesity's Error and Veeam's
// RESTExceptionInfo have an errorCode (or stackTrace), or only a message and
// none of the device-code fields.
func errorCode(sh *shape, obj map[string]any) (string, bool) {
	for _, k := range sh.errorKeys {
		if v, ok := obj[k]; ok && v != nil {
			s, _ := v.(string)
			return safetext.Show(s), true
		}
	}
	if _, hasMessage := obj["message"].(string); !hasMessage || !sh.vendorErrors {
		return "", false
	}
	for k, t := range sh.fields {
		if _, ok := obj[k]; ok && t != toMessage {
			return "", false
		}
	}
	return "", true
}

// errorMessage is the human part of an error body, sanitized.
func errorMessage(obj map[string]any) string {
	for _, k := range []string{"error_description", "message"} {
		if s, ok := obj[k].(string); ok && s != "" {
			return safetext.Show(s)
		}
	}
	return ""
}
