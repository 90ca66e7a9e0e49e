package subset

import "sort"

// The project functions reduce an OpenAPI object to the keywords that shape
// the wire contract and the generated code: types, formats, enums,
// required, nullable, readOnly/writeOnly, property names, items, $ref
// targets, bounds and defaults. Everything else (documentation, examples,
// vendor extensions other than x-anyOf, tags) is left out, so two
// documents that differ only in prose project to equal values.
//
// They are written independently of the strip functions on purpose: the
// conformance tests use them to check the tool's output against upstream,
// which would prove nothing if both sides shared one walker.

var schemaScalars = []string{
	"$ref", "type", "format", "enum", "nullable", "readOnly", "writeOnly", "default",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
	"minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
	"minProperties", "maxProperties", "discriminator",
}

func projectSchema(v any) any {
	m, ok := v.(obj)
	if !ok {
		return v // additionalProperties may be a boolean
	}
	p := pick(m, schemaScalars...)
	if req := asList(m["required"]); req != nil {
		p["required"] = sortedStrings(req) // a set: order carries no meaning
	}
	if props, ok := m["properties"].(obj); ok {
		p["properties"] = projectMap(props, projectSchema)
	}
	for _, k := range []string{"items", "additionalProperties", "not"} {
		if s, ok := m[k]; ok {
			p[k] = projectSchema(s)
		}
	}
	// x-anyOf is Veeam's stand-in for anyOf; its refs are part of the shape.
	for _, k := range []string{"allOf", "oneOf", "anyOf", "x-anyOf"} {
		if l, ok := m[k].([]any); ok {
			p[k] = projectList(l, projectSchema)
		}
	}
	return p
}

func projectParameter(v any) any {
	m, ok := v.(obj)
	if !ok {
		return v
	}
	p := pick(m, "$ref", "name", "in", "required", "style", "explode", "allowEmptyValue", "allowReserved", "deprecated")
	if s, ok := m["schema"]; ok {
		p["schema"] = projectSchema(s)
	}
	if c, ok := m["content"].(obj); ok {
		p["content"] = projectContent(c)
	}
	return p
}

func projectContent(c obj) any {
	return projectMap(c, func(v any) any {
		p := obj{}
		if s, ok := asObj(v)["schema"]; ok {
			p["schema"] = projectSchema(s)
		}
		return p
	})
}

func projectRequestBody(v any) any {
	m, ok := v.(obj)
	if !ok {
		return v
	}
	p := pick(m, "$ref", "required")
	if c, ok := m["content"].(obj); ok {
		p["content"] = projectContent(c)
	}
	return p
}

func projectResponse(v any) any {
	m, ok := v.(obj)
	if !ok {
		return v
	}
	p := pick(m, "$ref")
	if c, ok := m["content"].(obj); ok {
		p["content"] = projectContent(c)
	}
	if h, ok := m["headers"].(obj); ok {
		p["headers"] = projectMap(h, projectParameter)
	}
	return p
}

func projectOperation(v any) any {
	m, ok := v.(obj)
	if !ok {
		return v
	}
	p := pick(m, "operationId", "security", "deprecated")
	if params := asList(m["parameters"]); params != nil {
		p["parameters"] = projectList(params, projectParameter)
	}
	if rb, ok := m["requestBody"]; ok {
		p["requestBody"] = projectRequestBody(rb)
	}
	if r, ok := m["responses"].(obj); ok {
		p["responses"] = projectMap(r, projectResponse)
	}
	return p
}

func projectSecurityScheme(v any) any {
	m, ok := v.(obj)
	if !ok {
		return v
	}
	return pick(m, "$ref", "type", "scheme", "bearerFormat", "in", "name", "flows", "openIdConnectUrl")
}

// projectComponent maps a components section to its projection.
var projectComponent = map[string]func(any) any{
	"schemas":         projectSchema,
	"parameters":      projectParameter,
	"requestBodies":   projectRequestBody,
	"responses":       projectResponse,
	"headers":         projectParameter,
	"securitySchemes": projectSecurityScheme,
}

func pick(m obj, keys ...string) obj {
	p := obj{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			p[k] = v
		}
	}
	return p
}

func projectMap(m obj, f func(any) any) obj {
	p := make(obj, len(m))
	for k, v := range m {
		p[k] = f(v)
	}
	return p
}

func projectList(l []any, f func(any) any) []any {
	p := make([]any, len(l))
	for i, v := range l {
		p[i] = f(v)
	}
	return p
}

func sortedStrings(l []any) []any {
	s := append([]any(nil), l...)
	sort.SliceStable(s, func(i, j int) bool {
		a, _ := s[i].(string)
		b, _ := s[j].(string)
		return a < b
	})
	return s
}
