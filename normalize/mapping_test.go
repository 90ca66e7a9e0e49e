package normalize

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/specs"
)

// TestSchemasCompile proves the embedded specs compile: compiled() reports
// the same error at run time, but it should never get that far.
func TestSchemasCompile(t *testing.T) {
	if _, err := compiled(); err != nil {
		t.Fatal(err)
	}
}

// TestMappingComplete walks every vendor response schema in specs/: each
// property must feed a canonical field or be listed as deliberately kept in
// Extra, and each mapped key must still exist. A regenerated spec with a new
// or renamed field fails here, by vendor, schema and property.
func TestMappingComplete(t *testing.T) {
	for _, sh := range shapes {
		props := schemaProperties(t, sh.schema)
		for _, p := range props {
			if _, mapped := sh.fields[p]; !mapped && !slices.Contains(sh.kept, p) {
				t.Errorf("%s: schema %s: property %q is neither mapped to a canonical field nor listed in kept", sh.vendor, sh.schema, p)
			}
		}
		for key := range sh.fields {
			if !slices.Contains(props, key) {
				t.Errorf("%s: schema %s: mapped property %q no longer exists", sh.vendor, sh.schema, key)
			}
		}
		for _, key := range sh.kept {
			if !slices.Contains(props, key) {
				t.Errorf("%s: schema %s: kept property %q no longer exists", sh.vendor, sh.schema, key)
			}
		}
	}
}

// schemaProperties lists the top-level properties a schema name describes,
// including those of allOf members.
func schemaProperties(t *testing.T, name string) []string {
	t.Helper()
	file, component, isComponent := strings.Cut(name, "#/components/schemas/")
	doc, err := specs.FS.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if isComponent {
		if doc, err = componentSchema(doc, component); err != nil {
			t.Fatal(err)
		}
	}
	var root map[string]any
	if err := json.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	if isComponent {
		root = root["$defs"].(map[string]any)[component].(map[string]any)
	}
	var out []string
	collectProperties(root, &out)
	sort.Strings(out)
	return out
}

func collectProperties(s map[string]any, out *[]string) {
	for p := range s["properties"].(map[string]any) {
		*out = append(*out, p)
	}
	all, _ := s["allOf"].([]any)
	for _, m := range all {
		if sub, ok := m.(map[string]any); ok && sub["properties"] != nil {
			collectProperties(sub, out)
		}
	}
}

// TestShapesDistinct guards pick: every shape must be reachable.
func TestShapesDistinct(t *testing.T) {
	bodies := map[*shape]map[string]any{
		&gitlabShape:      {"device_code": "d"},
		&microsoftShape:   {"verification_uri": "u"},
		&microsoftV1Shape: {"verification_url": "u"},
		&cohesityShape:    {"deviceCode": "d"},
		&veeamShape:       {"verificationUrl": "u"},
		&veeamInfoShape:   {"expiresOnUtc": "t"},
	}
	for want, obj := range bodies {
		if got := pick(want.vendor, obj); got != want {
			t.Errorf("pick(%s, %v) = %s, want %s", want.vendor, obj, got.name, want.name)
		}
	}
}
