package reqcheck

import (
	"fmt"
	"net/url"
	"slices"
)

// zeroUUID is what a uuid.UUID (openapi_types.UUID) nobody set marshals to.
const zeroUUID = "00000000-0000-0000-0000-000000000000"

// miss is a required member left zero.
type miss struct{ member, reason string }

// shape is a schema's required list and properties, allOf parts merged.
type shape struct {
	required []string
	props    map[string]any
	oneOf    []any // oneOf and anyOf alternatives: one must hold
}

func (r *resolver) shapeOf(schema any) shape {
	s := r.schema(schema)
	sh := shape{props: map[string]any{}}
	for _, name := range asList(s["required"]) {
		if n, ok := name.(string); ok {
			sh.required = append(sh.required, n)
		}
	}
	for k, v := range asObj(s["properties"]) {
		sh.props[k] = v
	}
	for _, part := range asList(s["allOf"]) {
		p := r.shapeOf(part)
		sh.required = append(sh.required, p.required...)
		for k, v := range p.props {
			sh.props[k] = v
		}
		sh.oneOf = append(sh.oneOf, p.oneOf...)
	}
	sh.oneOf = append(sh.oneOf, asList(s["oneOf"])...)
	sh.oneOf = append(sh.oneOf, asList(s["anyOf"])...)
	return sh
}

// value judges a decoded JSON body against schema; at is the member's
// dotted path ("" at the root).
func (r *resolver) value(schema, v any, at string) *miss {
	sh := r.shapeOf(schema)
	if m := r.alternatives(sh.oneOf, func(alt any) *miss { return r.value(alt, v, at) }); m != nil {
		return m
	}
	switch t := v.(type) {
	case []any:
		items := r.schema(schema)["items"]
		for i, e := range t {
			if m := r.value(items, e, fmt.Sprintf("%s[%d]", at, i)); m != nil {
				return m
			}
		}
	case map[string]any:
		if !r.describes(sh, func(name string) (any, bool) { v, ok := t[name]; return v, ok }) {
			return nil
		}
		for _, name := range sh.required {
			if reason := r.zero(sh.props[name], t, name); reason != "" {
				return &miss{member: join(at, name), reason: reason}
			}
		}
		for name, sub := range sh.props {
			if e, ok := t[name]; ok && e != nil {
				if m := r.value(sub, e, join(at, name)); m != nil {
					return m
				}
			}
		}
	}
	return nil
}

// alternatives passes when no alternative is given or one holds, and
// otherwise reports the first alternative's miss.
func (r *resolver) alternatives(alts []any, judge func(any) *miss) *miss {
	var first *miss
	for _, alt := range alts {
		m := judge(alt)
		if m == nil {
			return nil
		}
		if first == nil {
			first = m
		}
	}
	return first
}

// zero says why obj's required member name is unusable, or "".
func (r *resolver) zero(prop any, obj map[string]any, name string) string {
	v, ok := obj[name]
	switch {
	case !ok:
		return "missing"
	case v == nil:
		if nullable, _ := r.schema(prop)["nullable"].(bool); nullable {
			return ""
		}
		return "null"
	}
	if s, ok := v.(string); ok {
		return r.zeroString(prop, s)
	}
	return ""
}

// zeroString says whether s is the zero value of the member's Go type in
// the generated code: the zero UUID for a string of format uuid
// (openapi_types.UUID, never a pointer when required), the empty string
// for any other string that is not nullable (a string field, where unset
// and "" look alike). A nullable member is a pointer in the generated
// types, so "" there was set on purpose (Cohesity documents an empty
// Microsoft 365 password for app-only registrations); a zero UUID typed
// into a plain string member (a placeholder client ID) was the caller's.
func (r *resolver) zeroString(prop any, s string) string {
	p := r.schema(prop)
	format, _ := p["format"].(string)
	nullable, _ := p["nullable"].(bool)
	switch {
	case s == zeroUUID && format == "uuid":
		return "the zero UUID"
	case s == "" && !nullable:
		return "empty"
	}
	return ""
}

// form judges a form body (application/x-www-form-urlencoded), whose
// members are all strings.
func (r *resolver) form(schema any, form url.Values) *miss {
	sh := r.shapeOf(schema)
	if m := r.alternatives(sh.oneOf, func(alt any) *miss { return r.form(alt, form) }); m != nil {
		return m
	}
	if !r.describes(sh, func(name string) (any, bool) { return form.Get(name), form.Has(name) }) {
		return nil
	}
	for _, name := range sh.required {
		vs, ok := form[name]
		if !ok {
			return &miss{member: name, reason: "missing"}
		}
		for _, v := range vs {
			if reason := r.zeroString(sh.props[name], v); reason != "" {
				return &miss{member: name, reason: reason}
			}
		}
	}
	return nil
}

// describes is false when a member the body holds is outside its enum:
// the body is another request the spec does not describe (a refresh_token
// grant sent to the token endpoint the spec types for the device_code
// grant), not this one with a zero member.
func (r *resolver) describes(sh shape, get func(string) (any, bool)) bool {
	for name, prop := range sh.props {
		enum := asList(r.schema(prop)["enum"])
		v, ok := get(name)
		if !ok || len(enum) == 0 {
			continue
		}
		if !slices.Contains(enum, v) {
			return false
		}
	}
	return true
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
