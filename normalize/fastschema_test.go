package normalize

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkFastPaths follows Decode through the stages that have a fast path
// and reports the first disagreement with the library it stands in for:
// parseFast against encoding/json, then the fast schema verdict against
// jsonschema/v5 on the vendor value and on the canonical value built from
// it — for rejected bodies too, since Decode validates those as well.
func checkFastPaths(vendor Vendor, body []byte, opts ...Option) error {
	if err := checkParse(body); err != nil {
		return err
	}
	v, err := decodeStd(body)
	if err != nil || !vendor.Known() {
		return nil //nolint:nilerr // checkParse compared encoding/json's refusal already
	}
	var screened problems
	if screenNumbers(v, "", &screened); len(screened.list) > 0 {
		return nil // Decode stops here: the library would panic
	}
	obj, _ := v.(map[string]any)
	sh := pick(vendor, obj)
	if obj == nil {
		return agree(sh.schema, v)
	}
	d := decoding{shape: sh, obj: obj}
	d.unalias()
	if err := agree(sh.schema, obj); err != nil {
		return err
	}
	dc, extra := d.mapFields(collect(opts))
	canon, _ := dc.canonicalValue(extra)
	return agree(canonicalSchema, canon)
}

// agree compares the fast verdict on v with jsonschema/v5's.
func agree(name string, v any) error {
	s, err := schemaFor(name)
	if err != nil {
		return err
	}
	if s.fast == nil {
		return fmt.Errorf("%s has no fast verdict: %v", name, s.slow)
	}
	lib := validate(s.lib, v, name)
	if fast := s.fast.accepts(v); fast != (len(lib) == 0) {
		return fmt.Errorf("%s: fast verdict %t, jsonschema/v5 problems %v, on %#v", name, fast, lib, v)
	}
	return nil
}

// TestFastSchemaCoversSpecs keeps every schema we ship on the fast path: a
// spec edit that adds an unsupported keyword still validates correctly
// (through the library alone) but would quietly lose the speed.
func TestFastSchemaCoversSpecs(t *testing.T) {
	all, err := compiled()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range schemaNames() {
		if all[name].fast == nil {
			t.Errorf("%s: no fast verdict: %v", name, all[name].slow)
		}
	}
}

// TestFastVerdictsAgree runs the differential check over every golden
// input, the committed fuzz corpus and deliberately bad bodies.
func TestFastVerdictsAgree(t *testing.T) {
	for name, body := range differentialInputs(t) {
		for _, v := range Vendors() {
			if err := checkFastPaths(v, body, WithIssuedAt(testIssued)); err != nil {
				t.Errorf("%s as %s: %v", name, v, err)
			}
		}
	}
}

// testIssued is the issue time of the golden files.
var testIssued = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func differentialInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	files, _ := filepath.Glob("testdata/*/*.json")
	corpus, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, f := range append(files, corpus...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f, "testdata/fuzz/") {
			b = corpusBytes(t, b)
		}
		in[f] = b
	}
	for i, b := range badBodies {
		in["bad "+strconv.Itoa(i)+" "+b] = []byte(b)
	}
	return in
}

// badBodies break one keyword each, of the vendor or the canonical schema.
var badBodies = []string{
	`{}`, `[]`, `"x"`, `7`, `null`,
	`{"device_code":1,"user_code":"U","verification_uri":"https://h.test/d","expires_in":300,"interval":5}`,
	`{"device_code":"d","user_code":"U","verification_uri":"not a uri","expires_in":300,"interval":5}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://[::1/d","expires_in":300,"interval":5}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","verification_uri_complete":"x","expires_in":300}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in":300.5,"interval":5}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in":3e2,"interval":5.0}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in":1e300,"interval":-1e-300}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in":99999999999999999999999}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in":86401}`,
	`{"device_code":"d","user_code":"` + strings.Repeat("é", 65) + `","verification_uri":"https://h.test/d","expires_in":300}`,
	`{"device_code":"d","user_code":"","verification_uri":"https://h.test/d","expires_in":300}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in":300,"extra":{"a":[1,{"b":null}]}}`,
	`{"device_code":"d","user_code":"U","verification_url":"https://h.test/d","expires_in":"9x","interval":"5"}`,
	`{"device_code":"d","user_code":"U","verification_url":"https://h.test/d","expires_in":"900","interval":"05"}`,
	`{"deviceCode":null,"userCode":null,"verificationUri":null,"expiresInSecs":null,"intervalSecs":null}`,
	`{"deviceCode":"d","userCode":"U","verificationUri":"https://h.test/d","expiresInSecs":"900"}`,
	`{"device_code":"d","user_code":"U","verification_uri":"https://h.test/d","expires_in_secs":900,"interval_secs":true}`,
	`{"userCode":"U","verificationUri":"https://h.test/d","expiresOnUtc":"2025-01-02T03:19:05+01:00"}`,
	`{"userCode":"U","verificationUri":"https://h.test/d","expiresOnUtc":"2025-02-30T03:19:05Z"}`,
	`{"userCode":"U","verificationUri":"https://h.test/d","expiresOnUtc":"2025-01-02T03:19:05Z","message":7}`,
	`{"userCode":"U","verificationUrl":"https://h.test/d","expiresIn":-899}`,
	`{"userCode":"U","verificationUrl":"https://h.test/d","expiresIn":899,"extra":"\ud800"}`,
}

// corpusBytes reads a "go test fuzz v1" file holding one []byte.
func corpusBytes(t *testing.T, file []byte) []byte {
	t.Helper()
	_, lit, _ := strings.Cut(string(file), "[]byte(")
	s, err := strconv.Unquote(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(lit), ")")))
	if err != nil {
		t.Fatalf("corpus file: %v", err)
	}
	return []byte(s)
}

// keywordSchema uses every keyword the fast verdict implements, each where
// an instance below can pass or fail it.
const keywordSchema = `{
  "$defs": {"code": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[A-Z]+$"}},
  "type": "object",
  "required": ["a"],
  "minProperties": 1,
  "maxProperties": 5,
  "properties": {
    "a": {"$ref": "#/$defs/code"},
    "n": {"type": "integer", "minimum": 1, "exclusiveMaximum": 1e20},
    "x": {"type": ["number", "null"], "exclusiveMinimum": -1.5, "maximum": 2.5},
    "e": {"enum": ["on", "off", null, true]},
    "c": {"const": "k"},
    "t": {"type": "string", "format": "date-time"},
    "i": {"format": "int64"},
    "l": {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
    "o": {"anyOf": [{"type": "null"}, {"allOf": [{"type": "object"}, {"required": ["k"]}]}]},
    "f": false,
    "y": true
  },
  "additionalProperties": {"type": "boolean"}
}`

func TestFastKeywords(t *testing.T) {
	s := compileTestSchema(t, keywordSchema)
	if s.fast == nil {
		t.Fatalf("no fast verdict: %v", s.slow)
	}
	for _, body := range []string{
		`{"a":"AB"}`, `{}`, `[]`, `{"a":"A"}`, `{"a":"ABCDE"}`, `{"a":"ab"}`, `{"a":7}`,
		`{"a":"AB","n":1}`, `{"a":"AB","n":0}`, `{"a":"AB","n":1.0}`, `{"a":"AB","n":1.5}`, `{"a":"AB","n":-3}`,
		`{"a":"AB","n":99999999999999999999}`, `{"a":"AB","n":1e19}`, `{"a":"AB","n":1e20}`, `{"a":"AB","n":"1"}`,
		`{"a":"AB","x":null}`, `{"a":"AB","x":-1.5}`, `{"a":"AB","x":-1.49}`, `{"a":"AB","x":2.5}`, `{"a":"AB","x":25e-1}`, `{"a":"AB","x":2.51}`,
		`{"a":"AB","e":"on"}`, `{"a":"AB","e":null}`, `{"a":"AB","e":true}`, `{"a":"AB","e":false}`, `{"a":"AB","e":"ON"}`, `{"a":"AB","e":1}`,
		`{"a":"AB","c":"k"}`, `{"a":"AB","c":"K"}`, `{"a":"AB","c":null}`,
		`{"a":"AB","t":"2025-01-02T03:04:05Z"}`, `{"a":"AB","t":"2025-01-02"}`, `{"a":"AB","t":5}`,
		`{"a":"AB","i":"x"}`, `{"a":"AB","l":["s"]}`, `{"a":"AB","l":[]}`, `{"a":"AB","l":[1]}`, `{"a":"AB","l":["s",1,2]}`,
		`{"a":"AB","l":["s",1,2,3]}`, `{"a":"AB","l":["s",1.5]}`, `{"a":"AB","o":null}`, `{"a":"AB","o":{"k":1}}`,
		`{"a":"AB","o":{}}`, `{"a":"AB","o":[]}`, `{"a":"AB","f":null}`, `{"a":"AB","y":[{}]}`,
		`{"a":"AB","z":true}`, `{"a":"AB","z":"true"}`, `{"a":"AB","b":true,"c":"k","d":false,"e":"on"}`,
	} {
		v, err := decodeValue([]byte(body))
		if err != nil {
			t.Fatal(body, err)
		}
		checkAgree(t, s, body, v)
	}
	for _, v := range []any{map[string]any{"a": "AB", "n": int64(5)}, map[string]any{"a": "AB", "n": int64(0)}, map[string]any{"a": "AB", "x": 2.5}, map[string]any{"a": "AB", "x": float64(3)}} {
		checkAgree(t, s, fmt.Sprint(v), v)
	}
}

func checkAgree(t *testing.T, s *compiledSchema, name string, v any) {
	t.Helper()
	lib := validate(s.lib, v, s.name)
	if fast := s.fast.accepts(v); fast != (len(lib) == 0) {
		t.Errorf("%s: fast verdict %t, jsonschema/v5 problems %v", name, fast, lib)
	}
}

// TestFastRefusesUnsupported: a keyword without a fast verdict, anywhere in
// the tree, leaves the whole schema to the library.
func TestFastRefusesUnsupported(t *testing.T) {
	for _, schema := range []string{
		`{"not": {}}`, `{"oneOf": [{}]}`, `{"if": {}, "then": {}}`, `{"propertyNames": {}}`,
		`{"patternProperties": {"a": {}}}`, `{"dependentRequired": {"a": ["b"]}}`,
		`{"unevaluatedProperties": false}`, `{"uniqueItems": true}`, `{"contains": {}}`,
		`{"multipleOf": 2}`, `{"enum": [1]}`, `{"const": {}}`, `{"contentEncoding": "base64"}`,
		`{"properties": {"a": {"$ref": "#"}}}`, `{"properties": {"a": {"items": {"not": {}}}}}`,
	} {
		if s := compileTestSchema(t, schema); s.fast != nil {
			t.Errorf("%s: got a fast verdict", schema)
		}
	}
}

func compileTestSchema(t *testing.T, schema string) *compiledSchema {
	t.Helper()
	all, err := compileAll(mapFS(map[string]string{"s.json": schema}), []string{"s.json"})
	if err != nil {
		t.Fatal(err)
	}
	return all["s.json"]
}
