package conform

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/sharedpath"
	"github.com/devicecode/devicecode/specs"
)

func runSpecsJSON(t *testing.T, args ...string) (int, specsReport) {
	t.Helper()
	code, stdout, stderr := runCLI(t, "", append([]string{"conform", "--specs", "--output", "json"}, args...)...)
	var rep specsReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("exit %d, stderr %q, %v:\n%s", code, stderr, err, stdout)
	}
	return code, rep
}

// The examples of the specs built into devicecode satisfy their schemas.
func TestConformSpecsEmbedded(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "conform", "--specs")
	if code != cmdutil.ExitOK || !strings.HasSuffix(stdout, " 0 with known defects, 0 failed\n") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	for _, want := range []string{
		"ok   specs/gitlab/device-authorization-response.schema.json: JSON Schema, 6 examples\n",
		"ok   specs/microsoft/openapi.json: OpenAPI 3.0.3, 2 examples\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// Every embedded JSON file is a spec that was checked, none skipped.
	_, rep := runSpecsJSON(t)
	var files []string
	_ = fs.WalkDir(specs.FS, ".", func(p string, d fs.DirEntry, _ error) error {
		if strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if len(rep.Files) != len(files) || rep.Examples < 20 || rep.Known+rep.Failed+rep.Fixed != 0 {
		t.Errorf("%d files of %d, %d examples, %d known, %d failed, %d fixed", len(rep.Files), len(files), rep.Examples, rep.Known, rep.Failed, rep.Fixed)
	}
	for _, f := range rep.Files {
		if f.Skipped || !f.OK {
			t.Errorf("%s: skipped %v, ok %v", f.File, f.Skipped, f.OK)
		}
	}
}

// The upstream specs in ../shared/vendor-specs pass, with exactly the
// recorded GitLab defects reported as known (read in place; under CI=true
// their absence fails).
func TestConformSpecsUpstream(t *testing.T) {
	dir := sharedpath.Dir(t, "vendor-specs")
	code, stdout, _ := runCLI(t, "", "conform", "--specs", dir)
	if code != cmdutil.ExitOK {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	t.Log(stdout)
	for _, d := range knownSpecDefects {
		if !strings.Contains(stdout, d.file+"#"+d.pointer+": ") || !strings.Contains(stdout, d.source) {
			t.Errorf("no known line for %s#%s", d.file, d.pointer)
		}
	}
	_, rep := runSpecsJSON(t, dir)
	known := 0
	for _, f := range rep.Files {
		for _, p := range f.Problems {
			if p.Status != "known" {
				t.Errorf("%s#%s: %s %s", f.File, p.Pointer, p.Status, p.Reason)
			}
			known++
		}
		if strings.HasSuffix(f.File, "vb365_rest_v8.json") && (f.Kind != "OpenAPI 3.0.1" || f.Examples < 100) {
			t.Errorf("%s: %s with %d examples", f.File, f.Kind, f.Examples)
		}
	}
	if known != len(knownSpecDefects) || rep.Failed != 0 || rep.Fixed != 0 {
		t.Errorf("%d known problems, want %d; %d failed, %d fixed", known, len(knownSpecDefects), rep.Failed, rep.Fixed)
	}
}

// An example that breaks its schema's format fails, named by file and
// pointer; OpenAPI 3.0 documents are read as 3.0 (nullable, boolean
// exclusiveMinimum) and their parameters' examples are checked too.
func TestConformSpecsFails(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "conform", "--specs", "testdata/specs/bad")
	for _, want := range []string{
		"FAIL testdata/specs/bad/callback.schema.json: JSON Schema, 2 examples, 1 failed\n",
		"FAIL testdata/specs/bad/callback.schema.json#/properties/redirect_uri/examples/1: 'example_value' is not valid 'uri'\n",
		"FAIL testdata/specs/bad/openapi.json: OpenAPI 3.0.1, 4 examples, 1 failed\n",
		"FAIL testdata/specs/bad/openapi.json#/paths/~1v8~1Jobs~1{jobId}/get/parameters/0/example: 'not-a-uuid' is not valid 'uuid'\n",
		"conform --specs: 6 examples: 4 passed, 0 with known defects, 2 failed\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if code != cmdutil.ExitError {
		t.Errorf("exit %d, want 1", code)
	}
	if t.Failed() {
		t.Log(stdout)
	}
}

// A recorded defect that passes now is reported, and does not fail.
func TestConformSpecsFixed(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "conform", "--specs", "testdata/specs/fixed")
	const file = "testdata/specs/fixed/gitlab-oauth2-device-authorization-response-schema.json"
	for _, ptr := range []string{"/properties/verification_uri/example", "/properties/verification_uri_complete/example"} {
		if want := "fixed " + file + "#" + ptr + ": passes now: fixed upstream?"; !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if code != cmdutil.ExitOK || !strings.HasSuffix(stdout, "0 failed; 2 known defects no longer occur (fixed upstream?)\n") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// The summary reads well in every count: the clause on fixed defects only
// when there are some, singular for one.
func TestConformSpecsSummary(t *testing.T) {
	for fixed, want := range map[int]string{
		0: "conform --specs: 1 example: 1 passed, 0 with known defects, 0 failed",
		1: "conform --specs: 1 example: 1 passed, 0 with known defects, 0 failed; 1 known defect no longer occurs (fixed upstream?)",
		3: "conform --specs: 1 example: 1 passed, 0 with known defects, 0 failed; 3 known defects no longer occur (fixed upstream?)",
	} {
		if got := (specsReport{Examples: 1, Passed: 1, Fixed: fixed}).summary(); got != want {
			t.Errorf("%d fixed:\n got %s\nwant %s", fixed, got, want)
		}
	}
}

func TestConformSpecsUsage(t *testing.T) {
	for _, args := range []string{"conform --specs --vendor gitlab", "conform --specs --now 2026-01-01T00:00:00Z x.json"} {
		code, stdout, stderr := runCLI(t, "", strings.Fields(args)...)
		if code != cmdutil.ExitUsage || stdout != "" || !strings.Contains(stderr, "--specs checks the examples of specs") {
			t.Errorf("%s: exit %d, stderr %q", args, code, stderr)
		}
	}
	// A gate that checked nothing must not pass.
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "capture.json"), []byte(`{"error":"slow_down"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		empty:                               "holds no JSON Schema or OpenAPI document",
		"testdata/good/gitlab/pending.json": "is neither a JSON Schema nor an OpenAPI document",
		"testdata/nowhere":                  "cannot be read",
	} {
		code, stdout, _ := runCLI(t, "", "conform", "--specs", path)
		if code != cmdutil.ExitError || !strings.Contains(stdout, "FAIL "+path+": "+want) {
			t.Errorf("%s: exit %d\n%s", path, code, stdout)
		}
	}
}

// Examples are found where schemas keep them, and only there.
func TestSpecExamplesFound(t *testing.T) {
	var doc map[string]any
	err := json.Unmarshal([]byte(`{"openapi": "3.0.1", "components": {
		"schemas": {"A": {"properties": {"example": {"enum": [{"example": 1}], "examples": [2, 3]}}}},
		"parameters": {"P": {"schema": {"type": "string"}, "example": "x", "examples": {"e": {"value": "y"}, "r": {"$ref": "#/components/examples/R"}}}},
		"examples": {"R": {"value": {"schema": {"example": 4}}}}}}`), &doc)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := kindOfSpec("openapi.json", doc)
	if !ok || !k.oas30 {
		t.Fatalf("kind %+v, %v", k, ok)
	}
	var got []string
	for _, ex := range examplesOf(k, doc) {
		got = append(got, ex.schema+" "+ex.at)
	}
	want := []string{
		"/components/parameters/P/schema /components/parameters/P/example",
		"/components/parameters/P/schema /components/parameters/P/examples/e/value",
		"/components/schemas/A/properties/example /components/schemas/A/properties/example/examples/0",
		"/components/schemas/A/properties/example /components/schemas/A/properties/example/examples/1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A hostile spec cannot drive the terminal: member names, values and file
// names are escaped in both formats.
func TestConformSpecsHostile(t *testing.T) {
	dir := t.TempDir()
	spec := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"\u001b]0;owned\u0007": {"format": "uri", "example": "\u001b[2J not a uri"}}}`
	if err := os.WriteFile(filepath.Join(dir, "evil\x1b[31m.schema.json"), []byte(spec), 0o600); err != nil { //nolint:gocritic // \x1b is an escape, not a path separator
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		code, stdout, _ := runCLI(t, "", "conform", "--specs", "--output", format, dir)
		if code != cmdutil.ExitError || strings.ContainsAny(stdout, "\x1b\x07") || !strings.Contains(stdout, "evil") || !strings.Contains(stdout, "not valid") {
			t.Errorf("%s: exit %d, stdout %q", format, code, stdout)
		}
	}
}
