package normalize

import (
	"fmt"
	"math/big"
	"regexp"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// jsonschema/v5 spends far more on a passing Validate than on decoding the
// response: it copies the instance's property names per schema, builds
// instance locations and parses every number into a big.Rat. Yet a response
// almost always passes. So each schema also gets a fast verdict, a tree of
// plain Go checks read off the *compiled* schema (the library stays the
// single parser and compiler of specs/). When the fast verdict accepts, the
// library would accept too; otherwise the library's Validate runs and its
// problems are reported exactly as before.
//
// Only keywords whose meaning is a pure yes/no on the instance are
// translated, and only monotone combinators (allOf, anyOf, $ref): a check
// that said no where the library says yes could then only cost speed, never
// let a bad response through. A schema using anything else gets no fast
// verdict, decided at compile time (TestFastSchemaCoversSpecs keeps ours
// covered), and the fuzz targets compare both verdicts on every input.

// fastSchema is the fast verdict of one compiled schema.
type fastSchema struct {
	always   *bool   // a boolean schema: nothing else applies
	types    typeSet // 0: any type
	constant []any   // as Schema.Constant: one scalar, or none
	enum     []any   // scalars; empty: no enum
	format   func(any) bool

	minProps, maxProps int // -1: unbounded
	required           []string
	props              map[string]*fastSchema
	additional         *fastSchema // nil: any other property passes

	minItems, maxItems int
	prefix             []*fastSchema
	items              *fastSchema

	minLen, maxLen int
	pattern        *regexp.Regexp

	bounds []bound

	ref          *fastSchema
	allOf, anyOf []*fastSchema
}

// fastCompiler translates one schema tree, sharing nodes the way the
// compiled schema shares them and refusing cycles (an in-place cycle would
// loop where the library reports InfiniteLoopError).
type fastCompiler struct {
	done map[*jsonschema.Schema]*fastSchema
	busy map[*jsonschema.Schema]bool
}

// compileFast returns the fast verdict of s, or an error naming the first
// keyword it does not implement.
func compileFast(s *jsonschema.Schema) (*fastSchema, error) {
	c := fastCompiler{done: map[*jsonschema.Schema]*fastSchema{}, busy: map[*jsonschema.Schema]bool{}}
	return c.node(s)
}

func (c *fastCompiler) node(s *jsonschema.Schema) (*fastSchema, error) {
	if s == nil {
		return nil, nil
	}
	if f, ok := c.done[s]; ok {
		return f, nil
	}
	if c.busy[s] {
		return nil, fmt.Errorf("%s: recursive schema", s.Location)
	}
	if kw := unsupportedKeyword(s); kw != "" {
		return nil, fmt.Errorf("%s: keyword %s has no fast verdict", s.Location, kw)
	}
	c.busy[s] = true
	defer delete(c.busy, s)
	f, err := c.translate(s)
	if err != nil {
		return nil, err
	}
	c.done[s] = f
	return f, nil
}

// translate copies the keywords of s; subschemas go through node.
func (c *fastCompiler) translate(s *jsonschema.Schema) (*fastSchema, error) {
	f := &fastSchema{
		always: s.Always, types: typesOf(s.Types), constant: s.Constant, enum: s.Enum,
		format:   assertedFormat(s.Format),
		minProps: s.MinProperties, maxProps: s.MaxProperties, required: s.Required,
		minItems: s.MinItems, maxItems: s.MaxItems,
		minLen: s.MinLength, maxLen: s.MaxLength, pattern: s.Pattern,
		bounds: boundsOf(s),
	}
	var err error
	if f.props, err = c.nodeMap(s.Properties); err != nil {
		return nil, err
	}
	if f.additional, err = c.additional(s.AdditionalProperties); err != nil {
		return nil, err
	}
	if f.prefix, err = c.nodes(s.PrefixItems); err != nil {
		return nil, err
	}
	if f.items, err = c.node(s.Items2020); err != nil {
		return nil, err
	}
	if f.ref, err = c.node(s.Ref); err != nil {
		return nil, err
	}
	if f.allOf, err = c.nodes(s.AllOf); err != nil {
		return nil, err
	}
	f.anyOf, err = c.nodes(s.AnyOf)
	return f, err
}

func (c *fastCompiler) nodes(list []*jsonschema.Schema) ([]*fastSchema, error) {
	var out []*fastSchema
	for _, s := range list {
		f, err := c.node(s)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func (c *fastCompiler) nodeMap(m map[string]*jsonschema.Schema) (map[string]*fastSchema, error) {
	out := make(map[string]*fastSchema, len(m))
	for k, s := range m {
		f, err := c.node(s)
		if err != nil {
			return nil, err
		}
		out[k] = f
	}
	return out, nil
}

// additional reads Schema.AdditionalProperties (nil, bool or *Schema);
// false becomes a schema that refuses everything, so one path serves both.
func (c *fastCompiler) additional(a any) (*fastSchema, error) {
	switch a := a.(type) {
	case bool:
		if a {
			return nil, nil
		}
		return &fastSchema{always: &a}, nil
	case *jsonschema.Schema:
		return c.node(a)
	}
	return nil, nil
}

// unsupportedKeyword names the first keyword of s without a fast verdict:
// non-monotone combinators, keywords that depend on what other keywords
// evaluated, and the rest of what our specs do not use.
func unsupportedKeyword(s *jsonschema.Schema) string {
	for _, k := range []struct {
		keyword string
		used    bool
	}{
		{"$recursiveRef", s.RecursiveRef != nil},
		{"$dynamicRef", s.DynamicRef != nil},
		{"not", s.Not != nil},
		{"oneOf", len(s.OneOf) > 0},
		{"if", s.If != nil},
		{"propertyNames", s.PropertyNames != nil || s.RegexProperties},
		{"patternProperties", len(s.PatternProperties) > 0},
		{"dependencies", len(s.Dependencies)+len(s.DependentRequired)+len(s.DependentSchemas) > 0},
		{"unevaluatedProperties", s.UnevaluatedProperties != nil},
		{"unevaluatedItems", s.UnevaluatedItems != nil},
		{"uniqueItems", s.UniqueItems},
		{"items (draft 2019 form)", s.Items != nil || s.AdditionalItems != nil},
		{"contains", s.Contains != nil},
		{"content", s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil},
		{"multipleOf", s.MultipleOf != nil},
		{"extension", len(s.Extensions) > 0},
		{"type with an unknown name", !knownTypes(s.Types)},
		{"enum of non-scalars", !allScalars(s.Enum)},
		{"const of a non-scalar", !allScalars(s.Constant)},
	} {
		if k.used {
			return k.keyword
		}
	}
	return ""
}

// allScalars reports whether every value is null, a boolean or a string:
// the values whose equality the library decides with ==, as sameScalar does.
func allScalars(vs []any) bool {
	for _, v := range vs {
		switch v.(type) {
		case nil, bool, string:
		default:
			return false
		}
	}
	return true
}

// assertedFormat is the check the library compiled for a format: compileAll
// sets AssertFormat, so a known name is asserted with the library's own
// function and an unknown one (OpenAPI's "int64") is ignored, as there.
func assertedFormat(name string) func(any) bool {
	if name == "" {
		return nil
	}
	return jsonschema.Formats[name]
}

// typeSet is Schema.Types as bits.
type typeSet uint8

const (
	typeNull typeSet = 1 << iota
	typeBoolean
	typeObject
	typeArray
	typeNumber
	typeString
	typeInteger
)

var typeBits = map[string]typeSet{
	"null": typeNull, "boolean": typeBoolean, "object": typeObject, "array": typeArray,
	"number": typeNumber, "string": typeString, "integer": typeInteger,
}

func knownTypes(names []string) bool {
	for _, n := range names {
		if typeBits[n] == 0 {
			return false
		}
	}
	return true
}

func typesOf(names []string) typeSet {
	var t typeSet
	for _, n := range names {
		t |= typeBits[n]
	}
	return t
}

// bound is one of minimum, exclusiveMinimum, maximum, exclusiveMaximum.
type bound struct {
	rat *big.Rat
	// ok reports whether a value v compared with rat (c = cmp(v, rat)) is
	// within the bound.
	ok func(c int) bool
	// small is rat as an int64 when it is one, so that int64 values compare
	// without big.Rat.
	small   int64
	isSmall bool
}

func boundsOf(s *jsonschema.Schema) []bound {
	var out []bound
	add := func(r *big.Rat, ok func(int) bool) {
		if r == nil {
			return
		}
		b := bound{rat: r, ok: ok}
		if r.IsInt() && r.Num().IsInt64() {
			b.small, b.isSmall = r.Num().Int64(), true
		}
		out = append(out, b)
	}
	add(s.Minimum, func(c int) bool { return c >= 0 })
	add(s.ExclusiveMinimum, func(c int) bool { return c > 0 })
	add(s.Maximum, func(c int) bool { return c <= 0 })
	add(s.ExclusiveMaximum, func(c int) bool { return c < 0 })
	return out
}
