package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/internal/specschema"
	"github.com/devicecode/devicecode/specs"
)

// canonicalSchema names the schema of the canonical JSON.
const canonicalSchema = "canonical/device-code.schema.json"

// schemaNames lists every schema compiled at first use: the canonical one and
// the one of each vendor response shape. A name is a path in specs.FS, with a
// "#/components/schemas/X" fragment for an OpenAPI 3.0 component.
func schemaNames() []string {
	names := []string{canonicalSchema}
	for _, sh := range shapes {
		names = append(names, sh.schema)
	}
	return names
}

// compiled holds every schema, compiled once: compiling is slow and the specs
// are embedded, so a failure here is a build defect reported on every call
// (and by TestSchemasCompile) rather than a panic at init.
var compiled = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	return compileAll(specs.FS, schemaNames())
})

// compileAll compiles the named schemas with devicecode's one set-up of
// jsonschema/v5 (formats asserted); each schema must be self-contained, so
// the compiler loads no reference at all.
func compileAll(fsys fs.FS, names []string) (map[string]*jsonschema.Schema, error) {
	c := specschema.NewCompiler(jsonschema.Draft2020, nil)
	out := make(map[string]*jsonschema.Schema, len(names))
	for _, name := range names {
		s, err := compileOne(c, fsys, name)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		out[name] = s
	}
	return out, nil
}

func compileOne(c *jsonschema.Compiler, fsys fs.FS, name string) (*jsonschema.Schema, error) {
	file, component, isComponent := strings.Cut(name, "#/components/schemas/")
	doc, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	if isComponent {
		if doc, err = componentSchema(doc, component); err != nil {
			return nil, err
		}
	}
	url := specschema.Base + strings.ReplaceAll(name, "#/components/schemas/", "/components/")
	if err := c.AddResource(url, bytes.NewReader(doc)); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

// validate runs the compiled schema name on v; a schema that did not
// compile is a problem of every response. jsonschema/v5 re-panics on inputs
// it did not foresee; a response must never crash the caller, so a panic
// becomes a problem (screenNumbers covers the one known case).
func validate(name string, v any) (ps []Problem) {
	all, err := compiled()
	if err != nil {
		return []Problem{{Reason: err.Error(), Schema: name}}
	}
	defer func() {
		if r := recover(); r != nil {
			ps = []Problem{{Reason: "the schema validator failed on this input", Schema: name}}
		}
	}()
	return schemaProblems(all[name].Validate(v), name)
}

// schemaProblems turns a validation error into Problems, one per failing
// leaf keyword. Messages are rewritten where the library would echo the
// instance (format), and bounded where they name input keys.
func schemaProblems(err error, schema string) []Problem {
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{{Reason: "schema validation failed", Schema: schema}}
	}
	var out []Problem
	specschema.Leaves(ve, func(leaf *jsonschema.ValidationError) {
		out = append(out, leafProblems(leaf, schema)...)
	})
	return out
}

func leafProblems(leaf *jsonschema.ValidationError, schema string) []Problem {
	kw := specschema.Keyword(leaf)
	p := Problem{Field: leaf.InstanceLocation, Keyword: kw, Schema: schema}
	switch kw {
	case "required":
		return missingProblems(p, leaf.Message)
	case "format":
		// The library's message quotes the value, then names the format:
		// cut at the last " is not valid ", which the value may contain too.
		const sep = " is not valid "
		format := ""
		if i := strings.LastIndex(leaf.Message, sep); i >= 0 {
			format = leaf.Message[i+len(sep):]
		}
		p.Reason = "is not a valid " + excerpt(strings.Trim(format, `'"`))
	default:
		p.Reason = safetext.Strip(leaf.Message)
		if len(p.Reason) > 200 {
			p.Reason = excerpt(p.Reason[:200])
		}
	}
	return []Problem{p}
}

// missingProblems splits `missing properties: "a", "b"` into one Problem per
// property, so each names its own field.
func missingProblems(p Problem, msg string) []Problem {
	var out []Problem
	for _, q := range strings.Split(strings.TrimPrefix(msg, "missing properties: "), ", ") {
		m := p
		m.Field = p.Field + "/" + escapePointer(unquote(q))
		m.Reason = "missing"
		out = append(out, m)
	}
	return out
}

// unquote reverses jsonschema/v5's quote: Go %q escaping inside single
// quotes, with ' escaped and " not.
func unquote(q string) string {
	inner := strings.TrimSuffix(strings.TrimPrefix(q, "'"), "'")
	inner = strings.ReplaceAll(strings.ReplaceAll(inner, `\'`, `'`), `"`, `\"`)
	if s, err := strconv.Unquote(`"` + inner + `"`); err == nil {
		return s
	}
	return inner
}

// escapePointer escapes a property name as a JSON pointer token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// unescapePointer reverses escapePointer for one reference token.
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
