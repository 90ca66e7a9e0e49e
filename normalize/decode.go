package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/devicecode/devicecode/internal/jsonstrict"
	"github.com/devicecode/devicecode/internal/safetext"
)

// Decode normalizes a raw device authorization response body from vendor.
//
// The body is decoded once, validated against the vendor's schema from
// specs/, mapped onto the canonical fields, then checked by the safety rules
// and the canonical schema (see Validate). Every rejection is an *Error
// listing all problems, with fields named as the vendor spelled them. Bodies
// larger than MaxBodyBytes are refused unread.
func Decode(vendor Vendor, body []byte, opts ...Option) (*DeviceCode, error) {
	o := collect(opts)
	if !vendor.Known() {
		return nil, &Error{Vendor: vendor, Problems: []Problem{{Field: "/vendor", Reason: "unknown vendor"}}}
	}
	if len(body) > MaxBodyBytes {
		return nil, refuse(vendor, "body exceeds the 1 MiB limit")
	}
	v, err := decodeValue(body)
	var dup *duplicateError
	switch {
	case errors.As(err, &dup):
		return nil, &Error{Vendor: vendor, Problems: []Problem{{Field: excerpt(dup.pointer),
			Reason: "appears twice (duplicate members are refused: parsers disagree on which one counts)"}}}
	case err != nil:
		return nil, refuse(vendor, jsonReason(err))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, refuse(vendor, "must be a JSON object")
	}
	var ps problems
	screenNumbers(obj, "", &ps)
	if err := ps.err(vendor); err != nil {
		return nil, err
	}
	sh := pick(vendor, obj)
	if err := errorResponse(sh, obj); err != nil {
		return nil, err
	}
	return decodeObject(sh, obj, o)
}

func refuse(v Vendor, reason string) *Error {
	return &Error{Vendor: v, Problems: []Problem{{Reason: reason}}}
}

var errTrailing = errors.New("data after the JSON value")

// duplicateError is a member that appears twice in one object, which
// encoding/json would resolve silently (last wins) and another parser the
// other way (jsonstrict).
type duplicateError struct{ pointer string }

func (e *duplicateError) Error() string { return "duplicate member " + e.pointer }

// decodeValue decodes one JSON value, refusing duplicate members, with
// numbers as json.Number so that the schema sees them exactly and large
// integers do not lose precision.
func decodeValue(b []byte) (any, error) {
	var v any
	err := jsonstrict.Unmarshal(b, &v, jsonstrict.Numbers)
	if dup := (*jsonstrict.DuplicateError)(nil); errors.As(err, &dup) {
		return nil, &duplicateError{pointer: dup.Pointer}
	}
	if errors.Is(err, jsonstrict.ErrTrailing) {
		return nil, errTrailing
	}
	return v, err
}

// screenNumbers refuses numbers with exponents too large for math/big:
// jsonschema/v5 assumes big.Rat parses every JSON number and panics on
// 1e1000001 (found by FuzzDecodeGitLab). Plain digits always parse, so only
// exponent forms are tried.
func screenNumbers(v any, ptr string, ps *problems) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			screenNumbers(e, ptr+"/"+escapePointer(k), ps)
		}
	case []any:
		for i, e := range v {
			screenNumbers(e, ptr+"/"+strconv.Itoa(i), ps)
		}
	case json.Number:
		if strings.ContainsAny(string(v), "eE") {
			if _, ok := new(big.Rat).SetString(string(v)); !ok {
				ps.addf(excerpt(ptr), "number out of range")
			}
		}
	}
}

// decoding carries one response through the stages.
type decoding struct {
	shape   *shape
	obj     map[string]any
	spelled map[string]string // wire key → the alias the body used instead
	ps      problems
}

func decodeObject(sh *shape, obj map[string]any, o options) (*DeviceCode, error) {
	d := decoding{shape: sh, obj: obj}
	d.unalias()
	d.validateVendor()
	dc, extra := d.mapFields(o)
	var canon problems
	dc.check(&canon, extra)
	for _, p := range canon.list {
		p.Field = d.shape.wirePointer(p.Field, d.spelled)
		if p.Reason == "missing" {
			p.Reason = d.absence(p.Field)
		}
		if !d.ps.refused[p.Field] {
			d.ps.add(p)
		}
	}
	if err := d.ps.err(sh.vendor); err != nil {
		return nil, err
	}
	if err := checkHost(sh, dc, o.hosts, d.spelled); err != nil {
		return nil, err
	}
	return dc, nil
}

// absence words a rule's "missing" for a field the body did send, but
// empty or null: a present empty value is a different server bug from an
// absent one, and the person debugging it needs to know which.
func (d *decoding) absence(ptr string) string {
	v, present := d.obj[d.unspell(ptr)]
	switch {
	case !present:
		return "missing"
	case v == nil:
		return "is null"
	case v == "":
		return "is empty"
	}
	return "missing"
}

// unspell is the wire key of a pointer, undoing respell.
func (d *decoding) unspell(ptr string) string {
	key := unescapePointer(ptr[min(1, len(ptr)):])
	for k, alias := range d.spelled {
		if alias == key {
			return k
		}
	}
	return key
}

// unalias rewrites alternative spellings (Cohesity's python snake_case) to
// the wire keys the schema knows, remembering them for error messages.
func (d *decoding) unalias() {
	for alias, key := range d.shape.aliases {
		v, ok := d.obj[alias]
		if !ok {
			continue
		}
		if _, both := d.obj[key]; both {
			d.ps.addf("/"+alias, "duplicates "+key)
			continue
		}
		if d.spelled == nil {
			d.spelled = map[string]string{}
		}
		delete(d.obj, alias)
		d.obj[key] = v
		d.spelled[key] = alias
	}
}

func (d *decoding) validateVendor() {
	for _, p := range validate(d.shape.schema, d.obj) {
		if v, ok := d.obj[unescapePointer(p.Field[min(1, len(p.Field)):])]; ok && v == "" {
			p.Reason, p.Keyword = "is empty", ""
		}
		p.Field = d.respell(p.Field)
		d.ps.add(p)
	}
}

// respell turns a pointer at a wire key back into the alias the body used.
func (d *decoding) respell(ptr string) string {
	for key, alias := range d.spelled {
		if ptr == "/"+key {
			return "/" + alias
		}
	}
	return ptr
}

// mapFields fills a DeviceCode from the shape's table; unknown properties go
// to Extra (and, decoded, to the returned map for the canonical schema).
func (d *decoding) mapFields(o options) (*DeviceCode, map[string]any) {
	dc := &DeviceCode{Vendor: d.shape.vendor}
	var extra map[string]any
	var lifetime, interval, expiresAt any
	for key, v := range d.obj {
		t, known := d.shape.fields[key]
		switch {
		case !known:
			extra = d.keep(dc, extra, key, v)
		case t == toExpiresIn:
			lifetime = v
		case t == toExpiresAt:
			expiresAt = v
		case t == toInterval:
			interval = v
		default:
			*d.stringField(dc, t) = d.str(key, v)
		}
	}
	dc.Message = safetext.Strip(dc.Message)
	d.times(dc, o, lifetime, expiresAt)
	dc.Interval = d.interval(interval)
	return dc, extra
}

func (d *decoding) stringField(dc *DeviceCode, t target) *string {
	switch t {
	case toDeviceCode:
		return &dc.DeviceCode
	case toUserCode:
		return &dc.UserCode
	case toVerificationURI:
		return &dc.VerificationURI
	case toVerificationURIComplete:
		return &dc.VerificationURIComplete
	}
	return &dc.Message
}

// keep stores an unmapped property in Extra, verbatim.
func (d *decoding) keep(dc *DeviceCode, extra map[string]any, key string, v any) map[string]any {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		d.ps.addf("/"+escapePointer(key), "cannot be kept")
		return extra
	}
	if dc.Extra == nil {
		dc.Extra = map[string]json.RawMessage{}
		extra = map[string]any{}
	}
	dc.Extra[key] = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	extra[key] = v
	return extra
}

// str reads a string property; null reads as absent (Cohesity nulls
// everything it lacks).
func (d *decoding) str(key string, v any) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		return ""
	}
	d.refuse(key, "must be a string")
	return ""
}

// refuse reports a problem at key unless the vendor schema already did.
func (d *decoding) refuse(key, reason string) {
	ptr := d.respell("/" + escapePointer(key))
	if !d.ps.refused[ptr] {
		d.ps.addf(ptr, reason)
	}
}

// wireKey is the key of the shape that feeds t.
func (d *decoding) wireKey(t target) string {
	if k, ok := d.shape.fieldFor(t); ok {
		return k
	}
	return t.pointer()[1:]
}

// times sets ExpiresIn and ExpiresAt from a lifetime in seconds or, for
// Veeam RESTDeviceCodeInfo, from an absolute expiry.
func (d *decoding) times(dc *DeviceCode, o options, lifetime, expiresAt any) {
	issued := o.issued()
	if _, absolute := d.shape.fieldFor(toExpiresAt); absolute {
		key := d.wireKey(toExpiresAt)
		at, ok := d.instant(key, expiresAt)
		if !ok {
			return
		}
		if o.capturedBefore > 0 && o.issuedAt.IsZero() {
			issued = at.Add(-o.capturedBefore)
		}
		dc.ExpiresAt = at
		dc.ExpiresIn = at.Sub(issued).Truncate(time.Second)
		if dc.ExpiresIn <= 0 {
			d.refuse(key, "lies in the past")
		}
		return
	}
	key := d.wireKey(toExpiresIn)
	secs, ok := d.seconds(key, lifetime)
	if !ok {
		return
	}
	if secs == 0 {
		// Absent or null here; a present 0 is left to the lifetime rule.
		if lifetime == nil {
			d.refuse(key, d.absence("/"+escapePointer(key)))
		}
		return
	}
	dc.ExpiresIn = secs
	dc.ExpiresAt = issued.Add(secs)
}

// interval applies RFC 8628 §3.2: absent means 5 s. Zero and null mean the
// same — cli/oauth polls with no delay on 0, which gets clients blocked
// (Entra AADSTS50196).
func (d *decoding) interval(v any) time.Duration {
	key := d.wireKey(toInterval)
	secs, ok := d.seconds(key, v)
	switch {
	case !ok:
		return DefaultInterval // already refused; keep later rules quiet
	case secs < 0:
		d.refuse(key, "must not be negative")
		return DefaultInterval
	case secs == 0:
		return DefaultInterval
	}
	return secs
}

// maxSeconds bounds parsed numbers so that conversion to time.Duration
// cannot overflow; anything this large fails the lifetime rules anyway.
const maxSeconds = 1 << 32

// seconds reads a whole number of seconds; absent or null read as zero.
// Strings are accepted only where the shape says the vendor sends them.
func (d *decoding) seconds(key string, v any) (time.Duration, bool) {
	var text string
	switch n := v.(type) {
	case nil:
		return 0, true
	case json.Number:
		text = string(n)
	case string:
		if !d.shape.stringNumbers {
			d.refuse(key, "must be a number")
			return 0, false
		}
		text = n
	default:
		d.refuse(key, "must be a number")
		return 0, false
	}
	n, reason := parseSeconds(text)
	if reason != "" {
		d.refuse(key, reason)
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

func parseSeconds(text string) (int64, string) {
	n, err := strconv.ParseInt(text, 10, 64)
	if err == nil {
		return max(min(n, maxSeconds), -maxSeconds), ""
	}
	f, ferr := strconv.ParseFloat(text, 64)
	switch {
	case ferr != nil && !errors.Is(ferr, strconv.ErrRange):
		return 0, "is not a number"
	case f != math.Trunc(f):
		return 0, "must be a whole number of seconds"
	}
	return int64(max(min(f, maxSeconds), -maxSeconds)), ""
}

// instant reads an RFC 3339 date-time.
func (d *decoding) instant(key string, v any) (time.Time, bool) {
	if v == nil {
		d.refuse(key, "missing")
		return time.Time{}, false
	}
	s, ok := v.(string)
	if !ok {
		d.refuse(key, "must be a string")
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		d.refuse(key, "is not an RFC 3339 date-time")
		return time.Time{}, false
	}
	return t, true
}
