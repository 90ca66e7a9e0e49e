package specschema

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// TestNewCompiler: formats are asserted, a sibling file resolves from the
// fs.FS, and a remote reference, one escaping the tree and any reference
// without an fs.FS are refused.
func TestNewCompiler(t *testing.T) {
	fsys := fstest.MapFS{
		"a/uri.json": {Data: []byte(`{"type": "string", "format": "uri"}`)},
		"a/main.json": {Data: []byte(`{"type": "object", "properties": {"u": {"$ref": "uri.json"},` +
			` "n": {"type": "integer", "minimum": 1}}, "required": ["u"]}`)},
	}
	c := NewCompiler(jsonschema.Draft2020, fsys)
	s, err := c.Compile(Base + "a/main.json")
	if err != nil {
		t.Fatal(err)
	}
	var ve *jsonschema.ValidationError
	if err := s.Validate(map[string]any{"u": "not a uri", "n": 0}); !errors.As(err, &ve) {
		t.Fatalf("validate: %v", err)
	}
	var got []string
	Leaves(ve, func(l *jsonschema.ValidationError) { got = append(got, l.InstanceLocation+" "+Keyword(l)) })
	if strings.Join(got, ", ") != "/n minimum, /u format" && strings.Join(got, ", ") != "/u format, /n minimum" {
		t.Errorf("leaves %q, want /u format and /n minimum", got)
	}
	for name, tc := range map[string]struct {
		fsys fstest.MapFS
		url  string
	}{
		"remote":      {fsys, "https://example.com/schema.json"},
		"outside":     {fsys, Base + "../etc/passwd"},
		"no fs.FS":    {nil, Base + "a/uri.json"},
		"other base":  {fsys, "https://devicecode.invalid/other/a/uri.json"},
		"escaped dot": {fsys, Base + "a/%2e%2e/a/uri.json"},
	} {
		c := NewCompiler(jsonschema.Draft2020, nil)
		if tc.fsys != nil {
			c = NewCompiler(jsonschema.Draft2020, tc.fsys)
		}
		if _, err := c.Compile(tc.url); err == nil || !strings.Contains(err.Error(), "specs must be self-contained") {
			t.Errorf("%s: %v, want the reference refused", name, err)
		}
	}
}
