package subset

import "strings"

// The strip functions remove documentation and examples from one kind of
// OpenAPI object, following the structure of the specification so that a
// property *named* "description" or "example" is never mistaken for the
// keyword. Response objects need a description (OpenAPI 3.0 requires it and
// kin-openapi rejects a response without one), so theirs is replaced by
// ResponseDescription: upstream's prose is not ours to copy (VB365 v8's
// run to whole sentences), and no tool reads it.

type obj = map[string]any

// ResponseDescription is the description of every response in a subset.
const ResponseDescription = "Upstream's description left out."

var docKeys = []string{"description", "summary", "externalDocs", "example", "examples"}

func dropDocs(m obj, keep ...string) {
	for _, k := range docKeys {
		if !contains(keep, k) {
			delete(m, k)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func stripSchema(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	for _, p := range asObj(m["properties"]) {
		stripSchema(p)
	}
	for _, k := range []string{"items", "additionalProperties", "not"} {
		stripSchema(m[k])
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		for _, s := range asList(m[k]) {
			stripSchema(s)
		}
	}
}

func stripParameter(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	stripSchema(m["schema"])
	stripContent(m["content"])
}

// stripHeader: a header object has the shape of a parameter.
func stripHeader(v any) { stripParameter(v) }

func stripContent(v any) {
	for _, mt := range asObj(v) {
		m, ok := mt.(obj)
		if !ok {
			continue
		}
		dropDocs(m)
		stripSchema(m["schema"])
		for _, enc := range asObj(m["encoding"]) {
			if e, ok := enc.(obj); ok {
				for _, h := range asObj(e["headers"]) {
					stripHeader(h)
				}
			}
		}
	}
}

func stripRequestBody(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	stripContent(m["content"])
}

func stripResponse(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	if _, ref := m["$ref"]; !ref { // a reference has no siblings
		m["description"] = ResponseDescription
	}
	stripContent(m["content"])
	for _, h := range asObj(m["headers"]) {
		stripHeader(h)
	}
	for _, l := range asObj(m["links"]) {
		stripLink(l)
	}
}

func stripLink(v any) {
	if m, ok := v.(obj); ok {
		dropDocs(m)
	}
}

func stripOperation(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	for _, p := range asList(m["parameters"]) {
		stripParameter(p)
	}
	stripRequestBody(m["requestBody"])
	for _, r := range asObj(m["responses"]) {
		stripResponse(r)
	}
	for _, cb := range asObj(m["callbacks"]) {
		for _, item := range asObj(cb) {
			stripPathItem(item)
		}
	}
}

// stripPathItem strips a whole path item (used for callbacks, whose
// operations are all kept).
func stripPathItem(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	for _, p := range asList(m["parameters"]) {
		stripParameter(p)
	}
	for k, op := range m {
		if methods[strings.ToUpper(k)] {
			stripOperation(op)
		}
	}
}

func stripSecurityScheme(v any) {
	m, ok := v.(obj)
	if !ok {
		return
	}
	dropDocs(m)
	if flows, ok := m["flows"].(obj); ok {
		for _, f := range flows {
			if fm, ok := f.(obj); ok {
				dropDocs(fm)
			}
		}
	}
}

// stripServers drops server and server-variable descriptions.
func stripServers(v any) {
	for _, s := range asList(v) {
		m, ok := s.(obj)
		if !ok {
			continue
		}
		dropDocs(m)
		for _, sv := range asObj(m["variables"]) {
			if vm, ok := sv.(obj); ok {
				dropDocs(vm)
			}
		}
	}
}

// stripComponent dispatches on the components section a value came from.
var stripComponent = map[string]func(any){
	"schemas":         stripSchema,
	"parameters":      stripParameter,
	"requestBodies":   stripRequestBody,
	"responses":       stripResponse,
	"headers":         stripHeader,
	"securitySchemes": stripSecurityScheme,
	"links":           stripLink,
	"callbacks": func(v any) {
		for _, item := range asObj(v) {
			stripPathItem(item)
		}
	},
}

func asObj(v any) obj {
	m, _ := v.(obj)
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
