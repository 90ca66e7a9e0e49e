package conform

import (
	"slices"
	"strconv"
	"strings"
)

// specExample is one example value a spec gives, with the schema it
// illustrates; both are JSON pointers into the same document.
type specExample struct {
	schema string // the schema object the value must satisfy
	at     string // the value itself
	value  any
}

// Keywords whose values are subschemas, by shape (JSON Schema 2020-12 and
// draft 4, which OpenAPI 3.0's schema objects follow). Only these are
// walked: enum, const, default and examples hold data, not schemas.
var (
	schemaMapKeywords    = []string{"$defs", "definitions", "dependentSchemas", "dependencies", "patternProperties", "properties"}
	schemaSingleKeywords = []string{"additionalItems", "additionalProperties", "contains", "contentSchema", "else", "if", "items", "not", "propertyNames", "then", "unevaluatedItems", "unevaluatedProperties"}
	schemaListKeywords   = []string{"allOf", "anyOf", "items", "oneOf", "prefixItems"}
)

// walkSchema calls visit on the schema object at ptr and on every
// subschema below it.
func walkSchema(node any, ptr string, visit func(obj map[string]any, ptr string)) {
	obj, ok := node.(map[string]any)
	if !ok {
		return
	}
	visit(obj, ptr)
	for _, kw := range schemaMapKeywords {
		m, _ := obj[kw].(map[string]any)
		for _, k := range sortedKeys(m) {
			walkSchema(m[k], ptr+"/"+kw+"/"+pointerToken(k), visit)
		}
	}
	for _, kw := range schemaSingleKeywords {
		walkSchema(obj[kw], ptr+"/"+kw, visit)
	}
	for _, kw := range schemaListKeywords {
		list, _ := obj[kw].([]any)
		for i, s := range list {
			walkSchema(s, ptr+"/"+kw+"/"+strconv.Itoa(i), visit)
		}
	}
}

// walkOpenAPI finds the schemas of an OpenAPI document: every component
// schema, and the schema of every parameter, header and media type, which
// it passes to carrier together with the object holding it (for that
// object's own example and examples).
func walkOpenAPI(node any, ptr string, carrier func(obj map[string]any, ptr string), visit func(map[string]any, string)) {
	switch n := node.(type) {
	case []any:
		for i, e := range n {
			walkOpenAPI(e, ptr+"/"+strconv.Itoa(i), carrier, visit)
		}
	case map[string]any:
		if _, ok := n["schema"].(map[string]any); ok {
			carrier(n, ptr)
			walkSchema(n["schema"], ptr+"/schema", visit)
		}
		for _, k := range sortedKeys(n) {
			p := ptr + "/" + pointerToken(k)
			switch {
			case k == "schema", k == "example", k == "examples":
				// the schema is walked above; examples are data
			case ptr == "/components" && k == "schemas":
				m, _ := n[k].(map[string]any)
				for _, name := range sortedKeys(m) {
					walkSchema(m[name], p+"/"+pointerToken(name), visit)
				}
			default:
				walkOpenAPI(n[k], p, carrier, visit)
			}
		}
	}
}

// schemaExamples lists the examples of one schema object: OpenAPI's single
// `example` and JSON Schema's `examples` array. Upstream JSON Schemas use
// `example` too, which JSON Schema itself ignores.
func schemaExamples(obj map[string]any, ptr string) []specExample {
	var out []specExample
	if v, ok := obj["example"]; ok {
		out = append(out, specExample{schema: ptr, at: ptr + "/example", value: v})
	}
	list, _ := obj["examples"].([]any)
	for i, v := range list {
		out = append(out, specExample{schema: ptr, at: ptr + "/examples/" + strconv.Itoa(i), value: v})
	}
	return out
}

// carrierExamples lists the examples of a parameter, header or media type:
// `example`, and the `value` of each named Example Object in `examples`
// (a $ref to a shared example is not followed).
func carrierExamples(obj map[string]any, ptr string) []specExample {
	schema := ptr + "/schema"
	var out []specExample
	if v, ok := obj["example"]; ok {
		out = append(out, specExample{schema: schema, at: ptr + "/example", value: v})
	}
	named, _ := obj["examples"].(map[string]any)
	for _, name := range sortedKeys(named) {
		ex, _ := named[name].(map[string]any)
		if v, ok := ex["value"]; ok {
			out = append(out, specExample{schema: schema, at: ptr + "/examples/" + pointerToken(name) + "/value", value: v})
		}
	}
	return out
}

// pointerToken escapes a member name as a JSON pointer token (RFC 6901).
func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
