package conform

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/internal/specschema"
)

// specKind is what a spec document is, which decides how its schemas are
// read.
type specKind struct {
	name  string
	draft *jsonschema.Draft // the default when the document names none
	oas30 bool              // OpenAPI 3.0: nullable, and examples found by walkOpenAPI
	oas   bool
}

// kindOfSpec tells JSON Schemas from OpenAPI documents; ok is false for
// anything else (a capture, a discovery document).
func kindOfSpec(name string, doc map[string]any) (specKind, bool) {
	if v, ok := doc["openapi"].(string); ok {
		// OpenAPI 3.0's schema objects are JSON Schema draft 4 (boolean
		// exclusiveMinimum, $ref siblings ignored) plus nullable; 3.1's are
		// 2020-12.
		if strings.HasPrefix(v, "3.0") {
			return specKind{name: "OpenAPI " + v, draft: jsonschema.Draft4, oas30: true, oas: true}, true
		}
		return specKind{name: "OpenAPI " + v, draft: jsonschema.Draft2020, oas: true}, true
	}
	if _, ok := doc["$schema"]; ok || strings.HasSuffix(name, "schema.json") {
		return specKind{name: "JSON Schema", draft: jsonschema.Draft2020}, true
	}
	return specKind{}, false
}

// examplesOf lists every example in doc with the schema it belongs to.
func examplesOf(k specKind, doc map[string]any) []specExample {
	var out []specExample
	visit := func(obj map[string]any, ptr string) { out = append(out, schemaExamples(obj, ptr)...) }
	if !k.oas {
		walkSchema(doc, "", visit)
		return out
	}
	carrier := func(obj map[string]any, ptr string) { out = append(out, carrierExamples(obj, ptr)...) }
	walkOpenAPI(doc, "", carrier, visit)
	return out
}

// specCompiler compiles the schemas of one document, found at path in
// fsys, with normalize's set-up of jsonschema/v5 (package specschema):
// formats asserted, references limited to files of fsys.
type specCompiler struct {
	c   *jsonschema.Compiler
	url string
}

func newSpecCompiler(fsys fs.FS, path string, k specKind, doc map[string]any) (*specCompiler, error) {
	c := specschema.NewCompiler(k.draft, fsys)
	if k.oas30 {
		walkOpenAPI(doc, "", func(map[string]any, string) {}, func(obj map[string]any, _ string) { applyNullable(obj) })
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	u := specschema.Base + fragment(path) // file names may hold anything
	if err := c.AddResource(u, bytes.NewReader(raw)); err != nil {
		return nil, err
	}
	return &specCompiler{c: c, url: u}, nil
}

// applyNullable reads OpenAPI 3.0's `nullable: true` as JSON Schema does:
// null joins the type (and the enum). In place, so that every pointer into
// the document stays valid.
func applyNullable(obj map[string]any) {
	n, _ := obj["nullable"].(bool)
	delete(obj, "nullable")
	t, typed := obj["type"].(string)
	if !n || !typed {
		return
	}
	obj["type"] = []any{t, "null"}
	if enum, ok := obj["enum"].([]any); ok {
		obj["enum"] = append(enum, nil)
	}
}

// specLeaf is one failing keyword of an example.
type specLeaf struct {
	at      string // pointer into the document: the example's and the instance location
	keyword string
	reason  string
}

// check validates one example against its schema.
func (sc *specCompiler) check(ex specExample) (leaves []specLeaf) {
	s, err := sc.c.Compile(sc.url + "#" + fragment(ex.schema))
	if err != nil {
		return []specLeaf{{at: ex.at, reason: "its schema does not compile: " + compileReason(err, sc.url)}}
	}
	defer func() {
		if r := recover(); r != nil { // jsonschema/v5 re-panics on inputs it did not foresee
			leaves = []specLeaf{{at: ex.at, reason: "the schema validator failed on this value"}}
		}
	}()
	var ve *jsonschema.ValidationError
	if err := s.Validate(ex.value); errors.As(err, &ve) {
		specschema.Leaves(ve, func(l *jsonschema.ValidationError) {
			leaves = append(leaves, specLeaf{at: ex.at + l.InstanceLocation, keyword: specschema.Keyword(l), reason: safetext.Show(l.Message)})
		})
	} else if err != nil {
		leaves = []specLeaf{{at: ex.at, reason: safetext.Show(err.Error())}}
	}
	return leaves
}

// fragment percent-encodes each segment of a pointer or path for a URL
// (paths such as /v8/Jobs/{jobId} are member names in OpenAPI); the
// compiler decodes them again.
func fragment(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		toks[i] = url.PathEscape(t)
	}
	return strings.Join(toks, "/")
}

// compileReason is a compile error without the internal resource names.
func compileReason(err error, u string) string {
	msg := strings.ReplaceAll(err.Error(), u, "")
	return safetext.Show(strings.ReplaceAll(msg, specschema.Base, ""))
}
