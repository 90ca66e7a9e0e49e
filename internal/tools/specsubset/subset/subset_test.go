package subset_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/internal/golden"
	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

func readOps(t *testing.T) []subset.Operation {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "ops.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ops, err := subset.ParseOperations(f)
	if err != nil {
		t.Fatal(err)
	}
	return ops
}

func readUpstream(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "upstream.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExtractGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		opts   subset.Options
	}{
		{"want.json", subset.Options{}},
		{"want-any-to-json.json", subset.Options{AnyToJSON: true}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			res, err := subset.Extract(context.Background(), readUpstream(t), readOps(t), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tc.golden), res.JSON)
		})
	}
}

// TestExtractContent states the rules the golden file embodies, so that a
// careless -update cannot silently change them.
func TestExtractContent(t *testing.T) {
	res, err := subset.Extract(context.Background(), readUpstream(t), readOps(t), subset.Options{AnyToJSON: true})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := subset.Decode(res.JSON)
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.JSON)
	if _, ok := doc["tags"]; ok {
		t.Error("top-level tag list kept")
	}
	for _, gone := range []string{"Operation failure response.", "dropped", "Unlisted", "Things_List", "Unused", `"*/*"`, `"summary": "`} {
		if strings.Contains(out, gone) {
			t.Errorf("output still contains %q", gone)
		}
	}
	for _, kept := range []string{
		`"Variant"`, `"Nested"`, `"Basic"`, `"` + subset.ResponseDescription + `"`,
		`"x-codegen-request-body-name": "thing"`, `"x-anonymous": true`,
	} {
		if !strings.Contains(out, kept) {
			t.Errorf("output lacks %s", kept)
		}
	}
	props := dig(doc, "components", "schemas", "Thing", "properties")
	for _, name := range []string{"description", "example"} {
		if _, ok := props[name]; !ok {
			t.Errorf("property named %q was stripped as if it were the keyword", name)
		}
	}
	if !strings.HasSuffix(out, "}\n") || strings.HasSuffix(out, "\n\n") {
		t.Error("output must end with exactly one newline")
	}
	if want := []string{"/paths/~1v1~1token/post/responses/200"}; strings.Join(res.Rewritten, ",") != strings.Join(want, ",") {
		t.Errorf("Rewritten = %v, want %v", res.Rewritten, want)
	}
}

func dig(doc map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		doc, _ = doc[k].(map[string]any)
	}
	return doc
}

func TestExtractIsDeterministic(t *testing.T) {
	ops := readOps(t)
	reversed := []subset.Operation{ops[1], ops[0]}
	a, err := subset.Extract(context.Background(), readUpstream(t), ops, subset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := subset.Extract(context.Background(), readUpstream(t), reversed, subset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.JSON, b.JSON) {
		t.Error("output depends on the order of the operation list")
	}
}

func TestExtractErrors(t *testing.T) {
	up := readUpstream(t)
	tests := []struct {
		name    string
		spec    []byte
		ops     []subset.Operation
		target  any
		mention string
	}{
		{"missing path", up, []subset.Operation{{Method: "POST", Path: "/v1/nothing"}}, new(*subset.MissingOperationError), "POST /v1/nothing"},
		{"missing method", up, []subset.Operation{{Method: "DELETE", Path: "/v1/things"}}, new(*subset.MissingOperationError), "DELETE /v1/things"},
		// kin-openapi rejects remote refs where OpenAPI defines them...
		{"remote ref", bytes.Replace(up, []byte(`"#/components/schemas/Nested"`), []byte(`"other.json#/Nested"`), 1),
			[]subset.Operation{{Method: "POST", Path: "/v1/things"}}, new(*subset.InvalidError), "other.json#/Nested"},
		// ...but does not look inside extensions, so the closure does.
		{"remote extension ref", bytes.Replace(up, []byte(`"#/components/schemas/Variant"`), []byte(`"other.json#/Variant"`), 1),
			[]subset.Operation{{Method: "POST", Path: "/v1/things"}}, new(*subset.RefError), "only local"},
		{"dangling extension ref", bytes.Replace(up, []byte(`"#/components/schemas/Variant"`), []byte(`"#/components/schemas/Gone"`), 1),
			[]subset.Operation{{Method: "POST", Path: "/v1/things"}}, new(*subset.RefError), "Gone"},
		{"not OpenAPI", []byte(`{"openapi": "3.0.1"}`), nil, new(*subset.InvalidError), "upstream"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := subset.Extract(context.Background(), tc.spec, tc.ops, subset.Options{})
			if err == nil {
				t.Fatal("Extract succeeded")
			}
			if !errors.As(err, tc.target) {
				t.Errorf("error %v (%T) is not a %T", err, err, tc.target)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not mention %q", err, tc.mention)
			}
		})
	}
}

func TestParseOperations(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string // operations joined by ";"
		wantErr string
	}{
		{"comments and blanks", "# c\n\n  POST /a  # trailing\nget /b\n", "POST /a;GET /b", ""},
		{"empty", "# only comments\n", "", ""},
		{"unknown method", "FETCH /a\n", "", "unknown method"},
		{"no slash", "POST a\n", "", "does not start with /"},
		{"extra field", "POST /a /b\n", "", "METHOD /path"},
		{"duplicate", "POST /a\npost /a\n", "", "line 2: duplicate POST /a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops, err := subset.ParseOperations(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, op := range ops {
				got = append(got, op.String())
			}
			if strings.Join(got, ";") != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
