package vendorkit

import (
	"bytes"
	"encoding/json"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// Err masks the server text in err, an error the client has just made of
// an answer, before anything composes a message from it. The fields of
// the SDK's error types in err's tree (devicecode.OAuthError and
// HTTPError, normalize.Error and HostError) are masked in place, so that
// what errors.As hands a caller is masked too; the vendor packages mask
// their own types as they build them. An err whose message still shows a
// secret (server text already composed into it, such as a member name) is
// wrapped in an error that shows the message masked and unwraps to err,
// so that errors.Is and As work as before; err keeps the text, which only
// unwrapping by hand reaches.
//
// Only the fixed wording around server text can be masked needlessly: by
// a secret that is a word of it, which no generated secret is.
func (m Masker) Err(err error) error {
	if m.r == nil || err == nil {
		return err
	}
	m.fields(err)
	if msg := err.Error(); m.Text(msg) != msg {
		return &maskedError{msg: m.Text(msg), err: err}
	}
	return err
}

// fields masks the server text of each error in err's tree. It walks the
// tree itself: errors.As would find only the first error of each type.
func (m Masker) fields(err error) {
	switch e := err.(type) { //nolint:errorlint // one node of the walk
	case *devicecode.OAuthError:
		e.Code, e.Description, e.URI = m.Text(e.Code), m.Text(e.Description), m.Text(e.URI)
		e.Extra = m.members(e.Extra)
	case *devicecode.HTTPError:
		e.Status, e.ContentType = m.Text(e.Status), m.Text(e.ContentType)
	case *normalize.Error:
		for i := range e.Problems {
			p := &e.Problems[i]
			p.Field, p.Reason = m.Text(p.Field), m.Text(p.Reason)
		}
	case *normalize.HostError:
		e.Field, e.Host = m.Text(e.Field), m.Text(e.Host)
	}
	switch u := err.(type) { //nolint:errorlint // the walk's next nodes
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil {
			m.fields(inner)
		}
	case interface{ Unwrap() []error }:
		for _, inner := range u.Unwrap() {
			if inner != nil {
				m.fields(inner)
			}
		}
	}
}

// maskedError is an error whose message showed a secret: its message
// masked, and the error itself for errors.Is and errors.As.
type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// members masks the JSON members an OAuthError keeps verbatim (Entra's
// trace_id, say), names and values; an unchanged member keeps its bytes.
func (m Masker) members(extra map[string]json.RawMessage) map[string]json.RawMessage {
	if len(extra) == 0 {
		return extra
	}
	out := make(map[string]json.RawMessage, len(extra))
	for k, raw := range extra {
		out[m.Text(k)] = m.jsonValue(raw)
	}
	return out
}

// jsonValue masks every string (and number) in one JSON value. It decodes
// the value rather than searching its bytes, since a \u escape could hide
// a secret from the search.
func (m Masker) jsonValue(raw json.RawMessage) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return json.RawMessage(m.Text(string(raw)))
	}
	masked, changed := m.walk(v)
	if !changed {
		return raw
	}
	b, err := json.Marshal(masked)
	if err != nil {
		return json.RawMessage(`"` + redactedMark + `"`)
	}
	return b
}

// walk masks the strings, numbers and member names in a decoded JSON
// value; a masked number becomes a string.
func (m Masker) walk(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		t := m.Text(v)
		return t, t != v
	case json.Number:
		if t := m.Text(string(v)); t != string(v) {
			return t, true
		}
	case []any:
		changed := false
		for i := range v {
			var c bool
			v[i], c = m.walk(v[i])
			changed = changed || c
		}
		return v, changed
	case map[string]any:
		out := make(map[string]any, len(v))
		changed := false
		for k, x := range v {
			mx, c := m.walk(x)
			mk := m.Text(k)
			out[mk] = mx
			changed = changed || c || mk != k
		}
		return out, changed
	}
	return v, false
}
