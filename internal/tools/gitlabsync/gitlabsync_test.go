package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/specs"
)

const testMapping = `# pinned current was
json-schema/a-token-response-schema.json  json-schema/a-token-response-schema.json
openapi/_original/a-oauth2-openapi.yml     openapi/_original/a-oauth2-openapi.yml  openapi/a-oauth2-openapi.yml
`

// tree writes files (name -> content) under a new directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// sync runs the command on upstream with testMapping and a SOURCE.md that
// pins nothing.
func sync(t *testing.T, upstream, base string) (string, bool, string) {
	t.Helper()
	cfg := tree(t, map[string]string{"map.txt": testMapping, "SOURCE.md": "no pins"})
	o := options{upstream: upstream, base: base, mapping: filepath.Join(cfg, "map.txt"), source: filepath.Join(cfg, "SOURCE.md"), stage: t.TempDir()}
	var out bytes.Buffer
	ok, err := run(&out, o)
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), ok, o.stage
}

// An upstream rename is reported with the renamed file as the first
// candidate, and the run fails.
func TestRenameReportedWithCandidates(t *testing.T) {
	up := tree(t, map[string]string{
		"json-schema/a-token-response.schema.json": "{}",
		"json-schema/a-token-info-schema.json":     "{}",
		"openapi/_original/a-oauth2-openapi.yml":   "openapi: 3.0.0",
		"README.md":                                "",
	})
	out, ok, _ := sync(t, up, "")
	if ok {
		t.Error("a run with a file missing upstream succeeded")
	}
	want := "gitlabsync: json-schema/a-token-response-schema.json: MISSING upstream"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(out, "closest upstream names: json-schema/a-token-response.schema.json, json-schema/a-token-info-schema.json,") {
		t.Errorf("output does not name the renamed file first:\n%s", out)
	}
}

// Files are taken from their current names, or a former one, and staged
// under the pinned names the conformance tests read.
func TestStagesUnderPinnedNames(t *testing.T) {
	up := tree(t, map[string]string{
		"json-schema/a-token-response-schema.json": `{"type":"object"}`,
		"openapi/a-oauth2-openapi.yml":             "openapi: 3.0.0",
	})
	out, ok, stage := sync(t, up, "")
	if !ok {
		t.Fatalf("run failed:\n%s", out)
	}
	if !strings.Contains(out, "under its former name openapi/a-oauth2-openapi.yml") {
		t.Errorf("output does not say the file was found under its former name:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(stage, "vendor-specs", "gitlab", "openapi", "_original", "a-oauth2-openapi.yml"))
	if err != nil || string(b) != "openapi: 3.0.0" {
		t.Errorf("staged openapi file: %q, %v", b, err)
	}
	if !strings.Contains(out, "CHANGED: sha256 ") {
		t.Errorf("a file SOURCE.md does not pin is not reported as changed:\n%s", out)
	}
}

// One downloaded file replaces its entry; the others come from -base.
func TestSingleFile(t *testing.T) {
	base := tree(t, map[string]string{
		"json-schema/a-token-response-schema.json": "old",
		"openapi/_original/a-oauth2-openapi.yml":   "openapi: 3.0.0",
	})
	one := tree(t, map[string]string{"a-token-response-schema.json": "new"})
	out, ok, stage := sync(t, filepath.Join(one, "a-token-response-schema.json"), base)
	if !ok {
		t.Fatalf("run failed:\n%s", out)
	}
	b, _ := os.ReadFile(filepath.Join(stage, "vendor-specs", "gitlab", "json-schema", "a-token-response-schema.json"))
	if string(b) != "new" {
		t.Errorf("staged %q, want the single file's content", b)
	}
}

func TestParseMappingRefusesMalformed(t *testing.T) {
	for _, bad := range []string{"", "# only a comment\n", "one-field\n", "a b\na c\n"} {
		if _, err := parseMapping(strings.NewReader(bad)); err == nil {
			t.Errorf("parseMapping(%q) accepted it", bad)
		}
	}
}

// The repository's mapping parses, and SOURCE.md pins every file in it.
func TestRepositoryMapping(t *testing.T) {
	b, err := fs.ReadFile(specs.FS, "gitlab/upstream-files.txt")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := parseMapping(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	source, err := fs.ReadFile(specs.FS, "gitlab/SOURCE.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.Contains(string(source), "`"+e.Pinned+"` | `") {
			t.Errorf("SOURCE.md's sha256 table has no row for %s", e.Pinned)
		}
	}
}
