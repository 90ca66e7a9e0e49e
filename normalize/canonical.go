package normalize

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
)

// canonicalJSON is the wire form of DeviceCode: RFC 8628 §3.2 names, whole
// seconds, RFC 3339 times. specs/canonical/device-code.schema.json describes
// exactly this.
type canonicalJSON struct {
	Vendor                  Vendor                     `json:"vendor"`
	DeviceCode              string                     `json:"device_code"`
	UserCode                string                     `json:"user_code"`
	VerificationURI         string                     `json:"verification_uri"`
	VerificationURIComplete string                     `json:"verification_uri_complete,omitempty"`
	ExpiresIn               int64                      `json:"expires_in"`
	ExpiresAt               string                     `json:"expires_at"`
	Interval                int64                      `json:"interval"`
	Message                 string                     `json:"message,omitempty"`
	Extra                   map[string]json.RawMessage `json:"extra,omitempty"`
}

// MarshalJSON writes the canonical JSON, device code included: this is the
// explicit way to persist or hand over a DeviceCode.
func (d DeviceCode) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(canonicalJSON{
		Vendor:                  d.Vendor,
		DeviceCode:              d.DeviceCode,
		UserCode:                d.UserCode,
		VerificationURI:         d.VerificationURI,
		VerificationURIComplete: d.VerificationURIComplete,
		ExpiresIn:               int64(d.ExpiresIn / time.Second),
		ExpiresAt:               formatTime(d.ExpiresAt),
		Interval:                int64(d.Interval / time.Second),
		Message:                 d.Message,
		Extra:                   d.Extra,
	})
	if err != nil {
		return nil, err
	}
	return safetext.EscapeJSON(b), nil
}

// UnmarshalJSON reads the canonical JSON (e.g. a persisted flow state) and
// validates it like a fresh response: a tampered state file gets no more
// trust than a vendor. Errors are *Error.
func (d *DeviceCode) UnmarshalJSON(b []byte) error {
	var c canonicalJSON
	// A struct matches names case-insensitively: DEVICE_CODE after
	// device_code would replace it.
	err := jsonstrict.Unmarshal(b, &c, jsonstrict.FoldTop|jsonstrict.Strict)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return &Error{Problems: []Problem{{Field: excerpt(dup.Pointer), Reason: "appears twice (duplicate members are refused, in any letter case)"}}}
	}
	if err != nil {
		return &Error{Vendor: c.Vendor, Problems: []Problem{{Reason: "not canonical device-code JSON: " + jsonReason(err)}}}
	}
	at, err := time.Parse(time.RFC3339Nano, c.ExpiresAt)
	if err != nil {
		return &Error{Vendor: c.Vendor, Problems: []Problem{{Field: "/expires_at", Reason: "is not an RFC 3339 time"}}}
	}
	out := DeviceCode{
		Vendor:                  c.Vendor,
		DeviceCode:              c.DeviceCode,
		UserCode:                c.UserCode,
		VerificationURI:         c.VerificationURI,
		VerificationURIComplete: c.VerificationURIComplete,
		ExpiresIn:               time.Duration(c.ExpiresIn) * time.Second,
		ExpiresAt:               at,
		Interval:                time.Duration(c.Interval) * time.Second,
		Message:                 c.Message,
		Extra:                   c.Extra,
	}
	// Out of range either way; keeps the multiplications from wrapping
	// (5 + 2^55 seconds would otherwise read back as 5s).
	if c.ExpiresIn < 0 || c.ExpiresIn > int64(MaxLifetime/time.Second) {
		out.ExpiresIn = -1
	}
	switch {
	case c.Interval < 0:
		out.Interval = -1
	case c.Interval > int64(MaxLifetime/time.Second):
		out.Interval = MaxLifetime + time.Second // above any valid lifetime
	}
	if err := out.Validate(); err != nil {
		return err
	}
	*d = out
	return nil
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// canonicalValue is the canonical JSON as decoded values, for the schema
// validator, built directly to spare a marshal/unmarshal round trip.
func (d *DeviceCode) canonicalValue(extra map[string]any) (map[string]any, []Problem) {
	v := map[string]any{
		"vendor":           string(d.Vendor),
		"device_code":      d.DeviceCode,
		"user_code":        d.UserCode,
		"verification_uri": d.VerificationURI,
		"expires_in":       int64(d.ExpiresIn / time.Second),
		"expires_at":       formatTime(d.ExpiresAt),
		"interval":         int64(d.Interval / time.Second),
	}
	if d.VerificationURIComplete != "" {
		v["verification_uri_complete"] = d.VerificationURIComplete
	}
	if d.Message != "" {
		v["message"] = d.Message
	}
	var ps []Problem
	if len(d.Extra) > 0 {
		if extra == nil {
			extra, ps = decodeExtra(d.Extra)
		}
		v["extra"] = extra
	}
	return v, ps
}

// decodeExtra decodes the kept fields for validation.
func decodeExtra(raw map[string]json.RawMessage) (map[string]any, []Problem) {
	out := make(map[string]any, len(raw))
	var ps []Problem
	for k, r := range raw {
		v, err := decodeValue(r)
		if err != nil {
			ps = append(ps, Problem{Field: "/extra/" + escapePointer(k), Reason: "is not valid JSON"})
			continue
		}
		out[k] = v
	}
	return out, ps
}

func (d *DeviceCode) canonicalProblems(extra map[string]any) []Problem {
	v, ps := d.canonicalValue(extra)
	return append(ps, validate(canonicalSchema, v)...)
}

// jsonReason describes a decoding error without quoting the input.
func jsonReason(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "invalid JSON at byte " + itoa(syn.Offset)
	case errors.As(err, &typ):
		return "field " + excerpt(typ.Field) + " must be " + typ.Type.String()
	case errors.Is(err, errTrailing):
		return err.Error()
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// DisallowUnknownFields has no typed error; the name is input, so bound it.
		return "unknown field " + excerpt(strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return "invalid JSON"
}
