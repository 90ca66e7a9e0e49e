package normalize

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// OpenAPI 3.0 schema objects are a dialect of JSON Schema draft 4 that
// jsonschema/v5 does not read directly. componentSchema turns one component
// of an OpenAPI 3.0 document into a self-contained draft 2020-12 schema:
//
//   - `nullable: true` becomes "null" added to `type` (and to `enum`), the
//     3.0 spelling Cohesity uses for every property;
//   - local `$ref`s to #/components/schemas/X point at $defs/X, and only
//     the components reachable from the root are carried over;
//   - draft 4 boolean exclusiveMinimum/exclusiveMaximum become numbers.
//
// Remote references are refused: specs/ must be self-contained.

const componentRefPrefix = "#/components/schemas/"

func componentSchema(doc []byte, name string) ([]byte, error) {
	var spec struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &spec); err != nil {
		return nil, fmt.Errorf("reading OpenAPI document: %w", err)
	}
	conv := converter{all: spec.Components.Schemas, defs: map[string]any{}}
	if err := conv.include(name); err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$ref":    "#/$defs/" + name,
		"$defs":   conv.defs,
	})
}

type converter struct {
	all  map[string]any // the document's components
	defs map[string]any // converted components reachable from the root
}

// include converts component name and, through convert, everything it
// references.
func (c *converter) include(name string) error {
	if _, done := c.defs[name]; done {
		return nil
	}
	src, ok := c.all[name]
	if !ok {
		return fmt.Errorf("component %q not found", name)
	}
	c.defs[name] = true // placeholder: breaks reference cycles
	out, err := c.convert(src)
	if err != nil {
		return fmt.Errorf("component %s: %w", name, err)
	}
	c.defs[name] = out
	return nil
}

// convert returns the 2020-12 form of one schema object.
func (c *converter) convert(v any) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return v, nil // boolean schemas and non-schema values pass through
	}
	out := make(map[string]any, len(obj))
	for _, k := range sortedKeys(obj) {
		conv, err := c.keyword(k, obj[k])
		if err != nil {
			return nil, err
		}
		out[k] = conv
	}
	if err := c.ref(out); err != nil {
		return nil, err
	}
	nullable(out)
	exclusiveBounds(out)
	return out, nil
}

// keyword converts the subschemas held by keyword k.
func (c *converter) keyword(k string, v any) (any, error) {
	switch k {
	case "properties", "patternProperties":
		m, _ := v.(map[string]any)
		out := make(map[string]any, len(m))
		for _, name := range sortedKeys(m) {
			s, err := c.convert(m[name])
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %w", k, name, err)
			}
			out[name] = s
		}
		return out, nil
	case "items", "additionalProperties", "not":
		return c.convert(v)
	case "allOf", "anyOf", "oneOf":
		list, _ := v.([]any)
		out := make([]any, len(list))
		for i, s := range list {
			var err error
			if out[i], err = c.convert(s); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}

func (c *converter) ref(obj map[string]any) error {
	r, ok := obj["$ref"].(string)
	if !ok {
		return nil
	}
	name, local := strings.CutPrefix(r, componentRefPrefix)
	if !local {
		return fmt.Errorf("$ref %q: only local component references are supported", r)
	}
	obj["$ref"] = "#/$defs/" + name
	return c.include(name)
}

// nullable applies OpenAPI 3.0's `nullable: true`.
func nullable(obj map[string]any) {
	n, _ := obj["nullable"].(bool)
	delete(obj, "nullable")
	if !n {
		return
	}
	switch t := obj["type"].(type) {
	case string:
		obj["type"] = []any{t, "null"}
	case nil:
		// No type means any type, null included; but a $ref or composition
		// may still exclude null, so say it explicitly.
		if len(obj) > 0 {
			inner := make(map[string]any, len(obj))
			for k, v := range obj {
				inner[k] = v
				delete(obj, k)
			}
			obj["anyOf"] = []any{inner, map[string]any{"type": "null"}}
		}
		return
	}
	if enum, ok := obj["enum"].([]any); ok {
		obj["enum"] = append(enum, nil)
	}
}

// exclusiveBounds rewrites draft 4 `exclusiveMinimum: true` (a flag on
// minimum) into the 2020-12 number form.
func exclusiveBounds(obj map[string]any) {
	for flag, bound := range map[string]string{"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"} {
		b, isFlag := obj[flag].(bool)
		if !isFlag {
			continue
		}
		delete(obj, flag)
		if b {
			obj[flag] = obj[bound]
			delete(obj, bound)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
