package normalize

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// accepts is the fast verdict on a decoded JSON value. It follows
// jsonschema/v5's Schema.validate keyword by keyword; where it cannot tell
// cheaply (a Go type the decoder never produces) it says no and leaves the
// answer to the library. It allocates nothing except inside format checks
// and for numbers beyond int64.
func (f *fastSchema) accepts(v any) bool {
	if f.always != nil {
		return *f.always
	}
	kind := kindOf(v)
	if kind == 0 {
		return false
	}
	if !f.acceptsType(kind, v) ||
		(len(f.constant) > 0 && !sameScalar(v, f.constant[0])) ||
		(len(f.enum) > 0 && !inScalars(v, f.enum)) ||
		(f.format != nil && !f.format(v)) {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		if !f.acceptsObject(x) {
			return false
		}
	case []any:
		if !f.acceptsArray(x) {
			return false
		}
	case string:
		if !f.acceptsString(x) {
			return false
		}
	default:
		if kind == typeNumber && !f.acceptsNumber(v) {
			return false
		}
	}
	return f.acceptsApplicators(v)
}

// kindOf is the library's jsonType as a bit; 0 for Go types it panics on.
func kindOf(v any) typeSet {
	switch v.(type) {
	case nil:
		return typeNull
	case bool:
		return typeBoolean
	case json.Number, float32, float64, int, int8, int32, int64, uint, uint8, uint32, uint64:
		return typeNumber
	case string:
		return typeString
	case []any:
		return typeArray
	case map[string]any:
		return typeObject
	}
	return 0
}

func (f *fastSchema) acceptsType(kind typeSet, v any) bool {
	switch {
	case f.types == 0 || f.types&kind != 0:
		return true
	case kind == typeNumber && f.types&typeInteger != 0:
		return isInteger(v)
	}
	return false
}

// sameScalar is the library's equals for a null, boolean or string c.
func sameScalar(v, c any) bool {
	switch c := c.(type) {
	case nil:
		return v == nil
	case bool:
		b, ok := v.(bool)
		return ok && b == c
	case string:
		s, ok := v.(string)
		return ok && s == c
	}
	return false
}

func inScalars(v any, list []any) bool {
	for _, c := range list {
		if sameScalar(v, c) {
			return true
		}
	}
	return false
}

func (f *fastSchema) acceptsObject(m map[string]any) bool {
	if (f.minProps >= 0 && len(m) < f.minProps) || (f.maxProps >= 0 && len(m) > f.maxProps) {
		return false
	}
	for _, k := range f.required {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	for k, e := range m {
		if p, ok := f.props[k]; ok {
			if !p.accepts(e) {
				return false
			}
		} else if f.additional != nil && !f.additional.accepts(e) {
			return false
		}
	}
	return true
}

func (f *fastSchema) acceptsArray(a []any) bool {
	if (f.minItems >= 0 && len(a) < f.minItems) || (f.maxItems >= 0 && len(a) > f.maxItems) {
		return false
	}
	for i, e := range a {
		var s *fastSchema
		switch {
		case i < len(f.prefix):
			s = f.prefix[i]
		case f.items != nil:
			s = f.items
		default:
			return true
		}
		if !s.accepts(e) {
			return false
		}
	}
	return true
}

func (f *fastSchema) acceptsString(s string) bool {
	if f.minLen >= 0 || f.maxLen >= 0 {
		n := utf8.RuneCountInString(s)
		if (f.minLen >= 0 && n < f.minLen) || (f.maxLen >= 0 && n > f.maxLen) {
			return false
		}
	}
	return f.pattern == nil || f.pattern.MatchString(s)
}

func (f *fastSchema) acceptsNumber(v any) bool {
	for _, b := range f.bounds {
		c, ok := compareNumber(v, b)
		if !ok || !b.ok(c) {
			return false
		}
	}
	return true
}

func (f *fastSchema) acceptsApplicators(v any) bool {
	if f.ref != nil && !f.ref.accepts(v) {
		return false
	}
	for _, s := range f.allOf {
		if !s.accepts(v) {
			return false
		}
	}
	if len(f.anyOf) == 0 {
		return true
	}
	for _, s := range f.anyOf {
		if s.accepts(v) {
			return true
		}
	}
	return false
}

// isInteger is the library's test for "integer": the number's exact value
// is whole, so 1.0 and 1e2 count. Plain digits are whole without big.Rat.
func isInteger(v any) bool {
	if _, ok := smallInt(v); ok {
		return true
	}
	if n, ok := v.(json.Number); ok && isDigits(string(n)) {
		return true // beyond int64, still whole
	}
	r, ok := ratOf(v)
	return ok && r.IsInt()
}

// compareNumber compares v with the bound, as cmp(v, bound).
func compareNumber(v any, b bound) (int, bool) {
	if n, ok := smallInt(v); ok && b.isSmall {
		switch {
		case n < b.small:
			return -1, true
		case n > b.small:
			return 1, true
		}
		return 0, true
	}
	r, ok := ratOf(v)
	if !ok {
		return 0, false
	}
	return r.Cmp(b.rat), true
}

// smallInt reads v as an int64 when it is one exactly: the Go integer types
// the canonical value uses, and JSON integers written as plain digits.
func smallInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case json.Number:
		if !isDigits(string(n)) {
			return 0, false
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// isDigits reports an optional minus sign followed by decimal digits only.
func isDigits(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ratOf is the library's exact reading of a number, for what smallInt
// cannot hold (fractions, exponents, more than 63 bits).
func ratOf(v any) (*big.Rat, bool) {
	return new(big.Rat).SetString(fmt.Sprint(v))
}
