package speccheck_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/devicecode/devicecode/internal/sharedpath"
	"github.com/devicecode/devicecode/specs"
)

// Checks that hold for every vendor directory, so a vendor added later is
// covered without anyone remembering to write its tests.

// specVendors are the vendor contracts; each has a generated package.
var specVendors = []string{"cohesity", "gitlab", "microsoft", "veeam"}

// specFiles lists the embedded files whose names match glob.
func specFiles(t *testing.T, glob string) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(specs.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ok, _ := path.Match(glob, path.Base(p)); ok && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSpecVendorsComplete: every vendor has its contract, its provenance
// and its generator inputs, and nothing else sits beside them.
func TestSpecVendorsComplete(t *testing.T) {
	dirs, err := fs.ReadDir(specs.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dirs {
		if d.IsDir() && d.Name() != "canonical" {
			got = append(got, d.Name())
		}
	}
	if !slices.Equal(got, specVendors) {
		t.Errorf("vendor directories %v, want %v", got, specVendors)
	}
	for _, v := range specVendors {
		for _, f := range []string{v + "/openapi.json", v + "/SOURCE.md"} {
			if _, err := fs.Stat(specs.FS, f); err != nil {
				t.Errorf("specs/%s: %v", f, err)
			}
		}
	}
}

// TestEveryOpenAPIValidates loads each vendor contract the way oapi-codegen
// does (sibling files only, never a remote reference) and validates it.
func TestEveryOpenAPIValidates(t *testing.T) {
	// The OpenAPI version and first server each contract must keep:
	// GitLab is 3.1 so its bodies can be JSON Schema 2020-12 files; Veeam
	// keeps upstream's 3.0.1.
	want := map[string][2]string{
		"cohesity/openapi.json":  {"3.0.3", "https://{cluster}/v2"},
		"gitlab/openapi.json":    {"3.1.0", "https://gitlab.com"},
		"microsoft/openapi.json": {"3.0.3", "https://login.microsoftonline.com"},
		"veeam/openapi.json":     {"3.0.1", "https://127.0.0.1:4443"}, // upstream v8's
	}
	files := specFiles(t, "openapi.json")
	if len(files) != len(want) {
		t.Errorf("found %v, want one openapi.json per vendor", files)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			doc, loader := specLoadOpenAPI(t, f)
			if err := doc.Validate(loader.Context); err != nil {
				t.Fatalf("validate: %v", err)
			}
			if got := [2]string{doc.OpenAPI, doc.Servers[0].URL}; got != want[f] {
				t.Errorf("openapi, servers[0] = %q, want %q", got, want[f])
			}
		})
	}
}

// specDoc loads one contract from specs.FS (see specLoadOpenAPI).
func specDoc(t *testing.T, name string) *openapi3.T {
	t.Helper()
	doc, _ := specLoadOpenAPI(t, name)
	return doc
}

// specLoadOpenAPI loads a contract from specs.FS, the copy normalize embeds,
// resolving references to sibling files and refusing any with a host: the
// contracts must be hermetic.
func specLoadOpenAPI(t *testing.T, name string) (*openapi3.T, *openapi3.Loader) {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.Host != "" || u.Scheme != "" {
			return nil, fmt.Errorf("remote reference %s refused", u)
		}
		return fs.ReadFile(specs.FS, path.Clean(u.Path))
	}
	doc, err := loader.LoadFromFile(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return doc, loader
}

// specCompile compiles a draft 2020-12 schema with formats asserted, the
// way normalize uses them: "format": "uri" must reject a non-URI.
func specCompile(name string, schema []byte) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	loc := "mem:///" + name
	if err := c.AddResource(loc, bytes.NewReader(schema)); err != nil {
		return nil, err
	}
	return c.Compile(loc)
}

// TestEveryJSONSchemaCompiles compiles every *.schema.json under specs/,
// the canonical one included.
func TestEveryJSONSchemaCompiles(t *testing.T) {
	files := specFiles(t, "*.schema.json")
	if len(files) < 6 {
		t.Errorf("found only %v", files)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			raw, err := fs.ReadFile(specs.FS, f)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("$schema = %v, want draft 2020-12", doc["$schema"])
			}
			if _, err := specCompile(f, raw); err != nil {
				t.Fatalf("compile: %v", err)
			}
		})
	}
}

// TestSchemaCompileCatchesBreakage: the compile step above is not vacuous,
// and formats really are asserted.
func TestSchemaCompileCatchesBreakage(t *testing.T) {
	raw, err := fs.ReadFile(specs.FS, "gitlab/device-authorization-response.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(raw, []byte(`"type": "integer"`), []byte(`"type": "whole-number"`), 1)
	if _, err := specCompile("broken.json", broken); err == nil {
		t.Error("a schema with an unknown type compiled")
	}
	s, err := specCompile("ok.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{
		"device_code": "d", "user_code": "u", "verification_uri": "https://gitlab.example.com/oauth/device",
		"expires_in": 300.0, "interval": 5.0,
	}
	if err := s.Validate(body); err != nil {
		t.Fatalf("a valid body was rejected: %v", err)
	}
	body["verification_uri"] = "2026-04-17T12:00:00Z" // upstream's placeholder example
	if err := s.Validate(body); err == nil {
		t.Error(`"format": "uri" was not asserted: a non-URI verification_uri passed`)
	}
}

// TestGenPackagesHygiene: gen/<vendor> holds generate.go, cfg.yaml and
// generated files only; the generator is hermetic and embeds no spec; the
// outputs carry the standard generated-code header.
func TestGenPackagesHygiene(t *testing.T) {
	marker := regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)
	entries, err := os.ReadDir(filepath.Join("..", "..", "..", "gen"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, specVendors) {
		t.Errorf("gen/ holds %v, want %v", got, specVendors)
	}
	for _, v := range specVendors {
		t.Run(v, func(t *testing.T) {
			dir := filepath.Join("..", "..", "..", "gen", v)
			files, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range files {
				names = append(names, f.Name())
			}
			if want := slices.Sorted(slices.Values([]string{"cfg.yaml", "generate.go", v + ".gen.go"})); !slices.Equal(names, want) {
				t.Errorf("gen/%s holds %v, want %v", v, names, want)
			}
			genCheckCfg(t, v, specRead(t, filepath.Join(dir, "cfg.yaml")))
			genCheckDirective(t, v, specRead(t, filepath.Join(dir, "generate.go")))
			out := specRead(t, filepath.Join(dir, v+".gen.go"))
			if !marker.MatchString(out) {
				t.Errorf("%s.gen.go lacks the standard // Code generated ... DO NOT EDIT. header", v)
			}
			if strings.Contains(out, "GetSwagger") || strings.Contains(out, "swaggerSpec") {
				t.Errorf("%s.gen.go embeds the spec; specs.FS already does", v)
			}
		})
	}
}

func genCheckCfg(t *testing.T, vendor, cfg string) {
	t.Helper()
	lines := strings.Split(cfg, "\n")
	for _, want := range []string{
		"package: " + vendor, "output: " + vendor + ".gen.go", "allow-remote-refs-from: []",
		"  models: true", "  client: true", "  std-http-server: true", "  strict-server: true",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("gen/%s/cfg.yaml lacks the line %q", vendor, want)
		}
	}
	if strings.Contains(cfg, "embedded-spec: true") {
		t.Errorf("gen/%s/cfg.yaml turns on embedded-spec", vendor)
	}
}

func genCheckDirective(t *testing.T, vendor, src string) {
	t.Helper()
	want := "//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../specs/" + vendor + "/openapi.json"
	if !strings.Contains(src, want) || !strings.Contains(src, "package "+vendor+"\n") {
		t.Errorf("gen/%s/generate.go: want package %s and %q", vendor, vendor, want)
	}
}

func specRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Descriptions must be ours, not upstream's. A run of shingleWords words
// shared with any upstream file is treated as copied: long enough that
// stock phrases ("OAuth 2.0 device authorization grant") do not trip it,
// short enough that any copied sentence does.
const shingleWords = 8

func specWords(s string) []string {
	s = strings.NewReplacer("&#39;", "'", "&quot;", `"`, "&amp;", "&").Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	})
}

// specProse collects the prose keywords of a decoded spec with their
// JSON Pointer-ish location.
func specProse(v any, at string, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && (k == "description" || k == "summary" || k == "title") {
				out[at+"/"+k] = s
				continue
			}
			specProse(e, at+"/"+k, out)
		}
	case []any:
		for i, e := range x {
			specProse(e, fmt.Sprintf("%s/%d", at, i), out)
		}
	}
}

// copiedProse returns the locations in ours whose text shares a run of
// shingleWords words with upstream.
func copiedProse(ours map[string]string, upstream [][]string) []string {
	shingles := map[string][]string{}
	for at, s := range ours {
		w := specWords(s)
		for i := 0; i+shingleWords <= len(w); i++ {
			k := strings.Join(w[i:i+shingleWords], " ")
			shingles[k] = append(shingles[k], at)
		}
	}
	hit := map[string]bool{}
	for _, w := range upstream {
		for i := 0; i+shingleWords <= len(w); i++ {
			for _, at := range shingles[strings.Join(w[i:i+shingleWords], " ")] {
				hit[at] = true
			}
		}
	}
	return slices.Sorted(func(yield func(string) bool) {
		for at := range hit {
			if !yield(at) {
				return
			}
		}
	})
}

// specUpstreamWords reads every seed and vendor-spec file in place.
func specUpstreamWords(t *testing.T) [][]string {
	t.Helper()
	var out [][]string
	for _, sub := range []string{"seeds", "vendor-specs"} {
		root := sharedpath.Dir(t, sub)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, specWords(string(b)))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// specOurProse gathers the prose of every JSON file under specs/.
func specOurProse(t *testing.T) map[string]string {
	t.Helper()
	prose := map[string]string{}
	for _, f := range specFiles(t, "*.json") {
		raw, err := fs.ReadFile(specs.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		specProse(doc, f+"#", prose)
	}
	return prose
}

func TestDescriptionsAreOurOwn(t *testing.T) {
	upstream := specUpstreamWords(t)
	for _, at := range copiedProse(specOurProse(t), upstream) {
		t.Errorf("%s shares a run of %d words with upstream text: write our own", at, shingleWords)
	}
	// Not vacuous: pasting upstream's description of device_code (seeds/002,
	// the api-evangelist schema) into a copy of ours is caught, at that
	// location only.
	t.Run("pasted upstream description", func(t *testing.T) {
		prose := specOurProse(t)
		const at = "gitlab/device-authorization-response.schema.json#/properties/device_code/description"
		if _, ok := prose[at]; !ok {
			t.Fatalf("no prose at %s", at)
		}
		prose[at] = "The device verification code used to poll for the access token."
		if got := copiedProse(prose, upstream); !slices.Equal(got, []string{at}) {
			t.Errorf("copied prose found at %v, want exactly [%s]", got, at)
		}
	})
}

// sharedTB records how sharedpath.Dir ends a test instead of ending it.
type sharedTB struct {
	testing.TB
	skipped, failed string
}

func (f *sharedTB) Helper()                        {}
func (f *sharedTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *sharedTB) Fatalf(format string, a ...any) { f.failed = fmt.Sprintf(format, a...) }

// TestSharedMaterialPolicy: when the shared material is missing, tests that
// need it skip and say how to provide it, except under CI=true, where a
// skip would let conformance go unproven, so they fail.
func TestSharedMaterialPolicy(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-shared-here")
	t.Setenv(sharedpath.EnvVar, missing)
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			tb := &sharedTB{TB: t}
			sharedpath.Dir(tb, "vendor-specs")
			switch {
			case ci == "true" && (tb.failed == "" || !strings.Contains(tb.failed, missing)):
				t.Errorf("under CI: failed %q, want a failure naming %s", tb.failed, missing)
			case ci == "" && (tb.failed != "" || !strings.Contains(tb.skipped, sharedpath.EnvVar)):
				t.Errorf("outside CI: failed %q, skipped %q; want a skip naming %s", tb.failed, tb.skipped, sharedpath.EnvVar)
			}
		})
	}
}

var (
	sourceDate   = regexp.MustCompile(`\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b`)
	sourceCommit = regexp.MustCompile(`\b[0-9a-f]{40}\b`)
	sourceSHA256 = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	sourceRepo   = regexp.MustCompile(`(https://|github\.com/|learn\.microsoft\.com/)\S+`)
)

// sourceProblems lists what a SOURCE.md lacks of the provenance every
// vendor must record: upstream, commit, a sha256 (or a statement that no
// file exists to hash), the date, and what we left out.
func sourceProblems(text string) []string {
	var missing []string
	if !sourceRepo.MatchString(text) {
		missing = append(missing, "upstream (repository or address)")
	}
	if !sourceCommit.MatchString(text) {
		missing = append(missing, "upstream commit")
	}
	if !sourceSHA256.MatchString(text) && !strings.Contains(text, "no sha256") {
		missing = append(missing, `sha256 (or "no sha256" when there is no file)`)
	}
	if !sourceDate.MatchString(text) {
		missing = append(missing, "date")
	}
	if !regexp.MustCompile(`(?im)^#+ .*left out`).MatchString(text) {
		missing = append(missing, `a "Left out" section`)
	}
	return missing
}

func TestSourceProvenance(t *testing.T) {
	for _, v := range specVendors {
		raw, err := fs.ReadFile(specs.FS, v+"/SOURCE.md")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sourceProblems(string(raw)) {
			t.Errorf("%s/SOURCE.md does not record %s", v, m)
		}
	}
	// Not vacuous: a SOURCE.md stripped of its provenance is reported.
	if got := sourceProblems("# x\nWritten by us.\n"); len(got) != 5 {
		t.Errorf("an empty SOURCE.md is missing %v, want all five items", got)
	}
}
