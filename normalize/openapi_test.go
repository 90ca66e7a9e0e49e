package normalize

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestComponentSchema(t *testing.T) {
	doc := `{"openapi":"3.0.3","components":{"schemas":{
		"Root":{"type":"object","properties":{
			"s":{"type":"string","nullable":true},
			"e":{"type":"string","enum":["a","b"],"nullable":true},
			"r":{"$ref":"#/components/schemas/Child"},
			"rn":{"allOf":[{"$ref":"#/components/schemas/Child"}],"nullable":true},
			"n":{"type":"integer","minimum":0,"exclusiveMinimum":true},
			"a":{"type":"array","items":{"$ref":"#/components/schemas/Root"}}}},
		"Child":{"type":"object","properties":{"x":{"type":"integer"}}},
		"Unused":{"type":"string"}}}}`
	out, err := componentSchema([]byte(doc), "Root")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	defs := got["$defs"].(map[string]any)
	if _, ok := defs["Unused"]; ok {
		t.Error("unreachable component carried over")
	}
	props := defs["Root"].(map[string]any)["properties"].(map[string]any)
	checks := map[string]map[string]any{
		"s":  {"type": []any{"string", "null"}},
		"e":  {"type": []any{"string", "null"}, "enum": []any{"a", "b", nil}},
		"r":  {"$ref": "#/$defs/Child"},
		"rn": {"anyOf": []any{map[string]any{"allOf": []any{map[string]any{"$ref": "#/$defs/Child"}}}, map[string]any{"type": "null"}}},
		"n":  {"type": "integer", "exclusiveMinimum": float64(0)},
	}
	for name, want := range checks {
		if !reflect.DeepEqual(props[name], want) {
			t.Errorf("%s = %v, want %v", name, props[name], want)
		}
	}
	if got["$ref"] != "#/$defs/Root" {
		t.Errorf("$ref = %v", got["$ref"])
	}
}

func TestComponentSchemaValidates(t *testing.T) {
	doc := `{"components":{"schemas":{"R":{"type":"object","properties":{"n":{"type":"integer","nullable":true},"t":{"type":"string","format":"date-time"}}}}}}`
	c, err := compileAll(mapFS(map[string]string{"x/openapi.json": doc}), []string{"x/openapi.json#/components/schemas/R"})
	if err != nil {
		t.Fatal(err)
	}
	s := c["x/openapi.json#/components/schemas/R"]
	for body, ok := range map[string]bool{`{"n":null}`: true, `{"n":1}`: true, `{"n":"1"}`: false, `{"t":"yesterday"}`: false} {
		v, _ := decodeValue([]byte(body))
		if err := s.Validate(v); (err == nil) != ok {
			t.Errorf("%s: valid = %v, want %v (%v)", body, err == nil, ok, err)
		}
	}
}

func TestComponentSchemaRefusesRemoteRefs(t *testing.T) {
	doc := `{"components":{"schemas":{"R":{"$ref":"https://example.com/x.json"}}}}`
	if _, err := componentSchema([]byte(doc), "R"); err == nil || !strings.Contains(err.Error(), "local") {
		t.Errorf("err = %v", err)
	}
	if _, err := componentSchema([]byte(doc), "Missing"); err == nil {
		t.Error("missing component accepted")
	}
}
