package devicecode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
)

// errorBody is RFC 6749 §5.2 plus the interval some servers send with
// slow_down. Every other member is kept verbatim in Extra: what a vendor
// adds (Entra's error_codes, trace_id, …) is for its own package to read,
// not the engine's.
type errorBody struct {
	Error, Description, URI string
	Interval                flexSecond
	Extra                   map[string]json.RawMessage
}

// errorMembers are the members errorBody decodes itself.
var errorMembers = []string{"error", "error_description", "error_uri", "interval"}

// CheckResponse classifies an HTTP response from any device-flow endpoint:
// nil for a success, *OAuthError for an RFC 6749 §5.2 body whatever the
// status (an error body with 200 is an error), *HTTPError for any other
// non-2xx answer (non-JSON proxy pages, empty 404s, refused redirects).
// now resolves an HTTP-date Retry-After.
func CheckResponse(resp *http.Response, body []byte, now time.Time) error {
	retryAfter, _ := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	if isJSON(resp.Header.Get("Content-Type"), body) {
		if e, n, ok := decodeErrorBody(body); ok {
			// Two "error" members, or two descriptions, would let a proxy
			// and this client read different outcomes from one answer.
			if ptr, dup := duplicate(body, n); dup {
				return fmt.Errorf("%w: error answer (HTTP %d) has the member %s twice",
					ErrInvalidResponse, resp.StatusCode, safetext.Show(ptr))
			}
			return e.oauthError(resp.StatusCode, retryAfter)
		}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	return &HTTPError{StatusCode: resp.StatusCode, Status: safetext.Show(resp.Status),
		ContentType: resp.Header.Get("Content-Type"), RetryAfter: retryAfter}
}

// decodeErrorBody reads a JSON object with a string "error". Each other
// member is optional and decoded on its own: a malformed one (an interval
// of "soon", error_codes as a string) is dropped rather than turning a
// slow_down into an unclassified, terminal answer. names is how many
// distinct member names the object has.
func decodeErrorBody(body []byte) (e errorBody, names int, ok bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || json.Unmarshal(m["error"], &e.Error) != nil || e.Error == "" {
		return e, 0, false
	}
	names = len(m)
	member(m, "error_description", &e.Description)
	member(m, "error_uri", &e.URI)
	member(m, "interval", &e.Interval)
	for _, k := range errorMembers {
		delete(m, k)
	}
	if len(m) > 0 {
		e.Extra = m
	}
	return e, names, true
}

// duplicate is jsonstrict.Duplicate for an error object that decoded into
// names distinct members, without its token scan for the usual answer,
// which is sent on every pending poll. encoding/json keeps one member per
// name (unescaped, as jsonstrict compares them), and any member twice, at
// any depth, needs a comma of its own: so with no more commas outside
// strings than names minus one, no name is there twice. Otherwise the
// scan decides, and points at the duplicate.
func duplicate(body []byte, names int) (string, bool) {
	if commas(body) == names-1 {
		return "", false
	}
	return jsonstrict.Duplicate(body)
}

// commas counts the commas of JSON text outside its strings.
func commas(b []byte) int {
	n, in, esc := 0, false, false
	for _, c := range b {
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && c == ',':
			n++
		}
	}
	return n
}

func (e *errorBody) oauthError(status int, retryAfter time.Duration) *OAuthError {
	return &OAuthError{Code: e.Error, Description: e.Description, URI: e.URI,
		StatusCode: status, Interval: time.Duration(e.Interval) * time.Second,
		RetryAfter: retryAfter, Extra: e.Extra}
}

// isJSON accepts application/json with any parameters (GitLab sends
// "; charset=utf-8"), +json types, and unlabelled bodies that are JSON
// objects, which some servers send as text/plain.
func isJSON(contentType string, body []byte) bool {
	// The usual label needs no parse (its parameters map costs each poll
	// 300 bytes); malformed parameters after it change nothing here, as
	// only a JSON object with an "error" string is an error body.
	if mt, _, _ := strings.Cut(contentType, ";"); strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	switch {
	case err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")):
		return true
	case err == nil && mt != "text/plain":
		return false
	}
	return bytes.HasPrefix(bytes.TrimSpace(body), []byte("{"))
}

// flexSecond decodes seconds sent as a number or a numeric string, as
// some servers write every number (Entra's v1 endpoint among them).
type flexSecond int64

func (f *flexSecond) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		return nil
	}
	n := json.Number(s)
	v, err := n.Float64()
	if err != nil || v < 0 || v > 1<<31 {
		return fmt.Errorf("not a number of seconds")
	}
	*f = flexSecond(v)
	return nil
}
