package speccheck_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/devicecode/devicecode/gen/gitlab"
	"github.com/devicecode/devicecode/internal/sharedpath"
	"github.com/devicecode/devicecode/specs"
)

// gitlabDeviceGrantURN is the grant_type GitLab requires when polling
// (RFC 8628 section 3.4).
const gitlabDeviceGrantURN = "urn:ietf:params:oauth:grant-type:device_code"

// gitlabSchemaFiles lists every JSON Schema of the GitLab contract.
var gitlabSchemaFiles = []string{
	"device-authorization-request.schema.json",
	"device-authorization-response.schema.json",
	"token-request.schema.json",
	"token-response.schema.json",
	"oauth-error.schema.json",
}

// gitlabUpstreamPair ties one of our schemas to the api-evangelist schema it
// mirrors, with every deliberate difference and why it exists. A difference
// that appears but is not listed fails the test; one that is listed but no
// longer appears fails too, so the table cannot go stale.
type gitlabUpstreamPair struct {
	ours, upstream string
	known          map[string]string // gitlabSchemaDiff.key() -> reason
}

var gitlabUpstreamPairs = []gitlabUpstreamPair{
	{
		ours:     "device-authorization-request.schema.json",
		upstream: "gitlab-oauth2-device-authorization-request-schema.json",
	},
	{
		ours:     "device-authorization-response.schema.json",
		upstream: "gitlab-oauth2-device-authorization-response-schema.json",
		known: map[string]string{
			"required device_code":      "upstream defect: DeviceAuthorizationResponse has no required list",
			"required user_code":        "upstream defect: DeviceAuthorizationResponse has no required list",
			"required verification_uri": "upstream defect: DeviceAuthorizationResponse has no required list",
			"required expires_in":       "upstream defect: DeviceAuthorizationResponse has no required list",
		},
	},
	{
		ours:     "token-request.schema.json",
		upstream: "gitlab-oauth2-token-request-schema.json",
		known: map[string]string{
			"enum grant_type":       "upstream defect: grant_type enum lacks the URN " + gitlabDeviceGrantURN + " (it says device_code)",
			"required device_code":  "ours is the device grant only, where device_code is mandatory (RFC 8628 section 3.4)",
			"missing code":          "left out: authorization_code grant, not the device flow",
			"missing redirect_uri":  "left out: authorization_code grant, not the device flow",
			"missing code_verifier": "left out: PKCE, not the device flow",
			"missing refresh_token": "left out: refresh_token grant, not the device flow",
			"missing username":      "left out: password grant, not the device flow",
			"missing password":      "left out: password grant, not the device flow",
		},
	},
	{
		ours:     "token-response.schema.json",
		upstream: "gitlab-oauth2-token-response-schema.json",
		known: map[string]string{
			"extra id_token":        "our addition: GitLab returns an OpenID Connect id_token when openid is granted",
			"required access_token": "upstream defect: TokenResponse has no required list (RFC 6749 section 5.1 requires it)",
			"required token_type":   "upstream defect: TokenResponse has no required list (RFC 6749 section 5.1 requires it)",
		},
	},
}

// gitlabSchemaDiff is one named structural difference between two schemas.
type gitlabSchemaDiff struct {
	Kind     string // missing, extra, type, format, enum, required
	Property string // "" for the schema root
	Ours     string
	Upstream string
}

func (d gitlabSchemaDiff) key() string { return d.Kind + " " + d.Property }

func (d gitlabSchemaDiff) String() string {
	return fmt.Sprintf("%s %q: ours %s, upstream %s", d.Kind, d.Property, d.Ours, d.Upstream)
}

// gitlabCompareSchemas returns the differences in property names, types,
// formats, enums and required-ness between two object schemas. Descriptions
// and examples are ours to write and are not compared.
func gitlabCompareSchemas(ours, upstream map[string]any) []gitlabSchemaDiff {
	var diffs []gitlabSchemaDiff
	diffs = append(diffs, gitlabCompareKeyword("", ours, upstream)...)
	op, up := gitlabProperties(ours), gitlabProperties(upstream)
	for _, name := range gitlabUnion(op, up) {
		o, inOurs := op[name]
		u, inUpstream := up[name]
		switch {
		case !inOurs:
			diffs = append(diffs, gitlabSchemaDiff{"missing", name, "absent", "present"})
		case !inUpstream:
			diffs = append(diffs, gitlabSchemaDiff{"extra", name, "present", "absent"})
		default:
			diffs = append(diffs, gitlabCompareKeyword(name, o, u)...)
			diffs = append(diffs, gitlabCompareRequired(name, ours, upstream)...)
		}
	}
	return diffs
}

// gitlabCompareKeyword compares the keywords that decide the wire shape of
// one schema (not its documentation).
func gitlabCompareKeyword(prop string, ours, upstream map[string]any) []gitlabSchemaDiff {
	var diffs []gitlabSchemaDiff
	for _, kw := range []string{"type", "format", "enum"} {
		o, u := ours[kw], upstream[kw]
		if !reflect.DeepEqual(o, u) {
			diffs = append(diffs, gitlabSchemaDiff{kw, prop, gitlabShow(o), gitlabShow(u)})
		}
	}
	return diffs
}

func gitlabCompareRequired(prop string, ours, upstream map[string]any) []gitlabSchemaDiff {
	o, u := gitlabIsRequired(ours, prop), gitlabIsRequired(upstream, prop)
	if o == u {
		return nil
	}
	return []gitlabSchemaDiff{{"required", prop, gitlabRequiredWord(o), gitlabRequiredWord(u)}}
}

func gitlabRequiredWord(required bool) string {
	if required {
		return "required"
	}
	return "optional"
}

func gitlabIsRequired(schema map[string]any, prop string) bool {
	list, _ := schema["required"].([]any)
	return slices.Contains(list, any(prop))
}

func gitlabProperties(schema map[string]any) map[string]map[string]any {
	props := map[string]map[string]any{}
	raw, _ := schema["properties"].(map[string]any)
	for name, v := range raw {
		m, _ := v.(map[string]any)
		props[name] = m
	}
	return props
}

func gitlabUnion(a, b map[string]map[string]any) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func gitlabShow(v any) string {
	if v == nil {
		return "absent"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// gitlabOurs returns our schema file as embedded in the binary, which is
// what normalize validates with at run time.
func gitlabOurs(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(specs.FS, "gitlab/"+name)
	if err != nil {
		t.Fatalf("read embedded gitlab/%s: %v", name, err)
	}
	return b
}

func gitlabDecode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decode JSON: %v", err)
	}
	return m
}

func gitlabReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gitlabCompile compiles a draft 2020-12 schema with format assertion on,
// so that "format": "uri" rejects non-URIs instead of merely annotating.
func gitlabCompile(t *testing.T, name string, schema []byte) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	loc := "mem:///" + name
	if err := c.AddResource(loc, bytes.NewReader(schema)); err != nil {
		t.Fatalf("add %s: %v", name, err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return s
}

func TestGitLabSchemasCompile(t *testing.T) {
	for _, name := range gitlabSchemaFiles {
		t.Run(name, func(t *testing.T) {
			raw := gitlabOurs(t, name)
			gitlabCompile(t, name, raw)
			doc := gitlabDecode(t, raw)
			if got := doc["$schema"]; got != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("$schema = %v, want draft 2020-12", got)
			}
			if id, _ := doc["$id"].(string); !strings.HasSuffix(id, "/gitlab/"+name) {
				t.Errorf("$id = %q, want it to end in /gitlab/%s", id, name)
			}
		})
	}
}

func TestGitLabSchemasMatchUpstream(t *testing.T) {
	dir := sharedpath.Dir(t, "vendor-specs", "gitlab", "json-schema")
	for _, p := range gitlabUpstreamPairs {
		t.Run(p.ours, func(t *testing.T) {
			ours := gitlabDecode(t, gitlabOurs(t, p.ours))
			upstream := gitlabDecode(t, gitlabReadFile(t, filepath.Join(dir, p.upstream)))
			gitlabCheckDiffs(t, gitlabCompareSchemas(ours, upstream), p.known)
		})
	}
}

// gitlabCheckDiffs logs the documented differences (upstream defects among
// them) and fails on undocumented ones and on documented ones that vanished.
func gitlabCheckDiffs(t *testing.T, diffs []gitlabSchemaDiff, known map[string]string) {
	t.Helper()
	seen := map[string]bool{}
	for _, d := range diffs {
		seen[d.key()] = true
		if reason, ok := known[d.key()]; ok {
			t.Logf("%s (%s)", reason, d)
			continue
		}
		t.Errorf("undocumented difference from upstream: %s", d)
	}
	for k, reason := range known {
		if !seen[k] {
			t.Errorf("documented difference %q (%s) no longer occurs: update the table and SOURCE.md", k, reason)
		}
	}
}

// TestGitLabComparatorCatchesBreakage proves the comparator is not vacuous:
// each deliberately broken copy of our schema must produce the named
// difference.
func TestGitLabComparatorCatchesBreakage(t *testing.T) {
	dir := sharedpath.Dir(t, "vendor-specs", "gitlab", "json-schema")
	upstream := gitlabDecode(t, gitlabReadFile(t, filepath.Join(dir, "gitlab-oauth2-device-authorization-response-schema.json")))
	tests := []struct {
		name   string
		mutate func(props map[string]any)
		want   []string
	}{
		{"expires_in as string", func(p map[string]any) { gitlabProp(p, "expires_in")["type"] = "string" }, []string{"type expires_in"}},
		{"user_code renamed", func(p map[string]any) { p["usercode"] = p["user_code"]; delete(p, "user_code") }, []string{"missing user_code", "extra usercode"}},
		{"format dropped", func(p map[string]any) { delete(gitlabProp(p, "verification_uri"), "format") }, []string{"format verification_uri"}},
		{"enum added", func(p map[string]any) { gitlabProp(p, "interval")["enum"] = []any{5.0} }, []string{"enum interval"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			broken := gitlabDecode(t, gitlabOurs(t, "device-authorization-response.schema.json"))
			tt.mutate(broken["properties"].(map[string]any))
			got := map[string]bool{}
			for _, d := range gitlabCompareSchemas(broken, upstream) {
				got[d.key()] = true
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("comparator missed %q; got %v", w, got)
				}
			}
		})
	}
}

func gitlabProp(props map[string]any, name string) map[string]any {
	return props[name].(map[string]any)
}

// gitlabKnownDefects is every flaw of the api-evangelist description that
// the detectors below find, keyed by gitlabDefect.key, with the SOURCE.md
// item it belongs to. TestGitLabUpstreamDefects fails when a listed defect
// is no longer found (the detector broke, or upstream was fixed: update this
// table and SOURCE.md) and when an unlisted one appears.
var gitlabKnownDefects = map[string]string{
	"no required list gitlab-oauth2-device-authorization-response-schema.json":                      "defect 1: RFC 8628 §3.2 makes device_code, user_code, verification_uri and expires_in REQUIRED",
	"no required list gitlab-oauth2-token-response-schema.json":                                     "defect 1: RFC 6749 §5.1 makes access_token and token_type REQUIRED",
	"bad example gitlab-oauth2-device-authorization-response-schema.json#verification_uri":          "defect 2: a date-time placeholder under format uri",
	"bad example gitlab-oauth2-device-authorization-response-schema.json#verification_uri_complete": "defect 2: a date-time placeholder under format uri",
	"bad example gitlab-oauth2-token-request-schema.json#redirect_uri":                              "defect 2: example_value under format uri",
	"grant_type enum gitlab-oauth2-token-request-schema.json":                                       "defect 3: the enum says device_code, GitLab requires the URN " + gitlabDeviceGrantURN,
	"example fails ours gitlab-oauth2-device-authorization-response-example.json":                   "defect 2: the same date-time placeholders as verification URIs",
	"example fails ours gitlab-oauth2-token-request-example.json":                                   "defect 3: an authorization_code body; our device-grant subset requires the URN",
}

// gitlabDefect is one flaw found in the upstream material.
type gitlabDefect struct {
	key    string // stable: kind and location
	detail string // what exactly was found, for the log
}

// gitlabUpstream is the api-evangelist material the detectors read: schemas
// by their json-schema/ file name, example bodies by their examples/ name.
type gitlabUpstream struct {
	schemas  map[string]map[string]any
	examples map[string]any
}

// gitlabExampleSchemas ties each upstream example body to our schema for it.
var gitlabExampleSchemas = map[string]string{
	"gitlab-oauth2-device-authorization-request-example.json":  "device-authorization-request.schema.json",
	"gitlab-oauth2-device-authorization-response-example.json": "device-authorization-response.schema.json",
	"gitlab-oauth2-token-request-example.json":                 "token-request.schema.json",
	"gitlab-oauth2-token-response-example.json":                "token-response.schema.json",
}

func gitlabLoadUpstream(t *testing.T) gitlabUpstream {
	t.Helper()
	dir := sharedpath.Dir(t, "vendor-specs", "gitlab")
	up := gitlabUpstream{schemas: map[string]map[string]any{}, examples: map[string]any{}}
	for _, p := range gitlabUpstreamPairs {
		up.schemas[p.upstream] = gitlabDecode(t, gitlabReadFile(t, filepath.Join(dir, "json-schema", p.upstream)))
	}
	for example := range gitlabExampleSchemas {
		var v any
		if err := json.Unmarshal(gitlabReadFile(t, filepath.Join(dir, "examples", example)), &v); err != nil {
			t.Fatalf("%s: %v", example, err)
		}
		up.examples[example] = v
	}
	return up
}

// gitlabFindDefects runs every detector over the upstream material, in a
// stable order.
func gitlabFindDefects(t *testing.T, up gitlabUpstream) []gitlabDefect {
	var found []gitlabDefect
	for _, file := range slices.Sorted(maps.Keys(up.schemas)) {
		schema := up.schemas[file]
		if _, ok := schema["required"]; !ok {
			found = append(found, gitlabDefect{"no required list " + file, file + " has no required keyword at all"})
		}
		found = append(found, gitlabBadExamples(t, file, schema)...)
		if enum, ok := gitlabProperties(schema)["grant_type"]["enum"].([]any); ok && !slices.Contains(enum, any(gitlabDeviceGrantURN)) {
			found = append(found, gitlabDefect{"grant_type enum " + file, fmt.Sprintf("grant_type enum lacks the URN %s: %v", gitlabDeviceGrantURN, enum)})
		}
	}
	for _, example := range slices.Sorted(maps.Keys(up.examples)) {
		ours := gitlabExampleSchemas[example]
		if err := gitlabCompile(t, ours, gitlabOurs(t, ours)).Validate(up.examples[example]); err != nil {
			found = append(found, gitlabDefect{"example fails ours " + example, fmt.Sprintf("example %s fails our %s: %v", example, ours, err)})
		}
	}
	return found
}

// gitlabBadExamples validates each property's upstream "example" against
// that property's own upstream type, format and enum.
func gitlabBadExamples(t *testing.T, file string, upstream map[string]any) []gitlabDefect {
	var found []gitlabDefect
	props := gitlabProperties(upstream)
	for _, name := range gitlabUnion(props, nil) {
		prop := props[name]
		example, ok := prop["example"]
		if !ok {
			continue
		}
		sub := map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema"}
		for _, kw := range []string{"type", "format", "enum"} {
			if v, ok := prop[kw]; ok {
				sub[kw] = v
			}
		}
		raw, _ := json.Marshal(sub)
		if err := gitlabCompile(t, file+"/"+name, raw).Validate(example); err != nil {
			found = append(found, gitlabDefect{"bad example " + file + "#" + name,
				fmt.Sprintf("%s: example %s for %s violates its own %s: %v", file, gitlabShow(example), name, gitlabConstraint(prop), err)})
		}
	}
	return found
}

// gitlabConstraint names what an upstream example most likely broke, for a
// readable report.
func gitlabConstraint(prop map[string]any) string {
	if f, ok := prop["format"]; ok {
		return fmt.Sprintf("format %v", f)
	}
	return "schema"
}

// gitlabDefectProblems compares what was found with the known table: an
// unknown defect and a known one not found are both problems.
func gitlabDefectProblems(found []gitlabDefect, known map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range found {
		seen[d.key] = true
		if _, ok := known[d.key]; !ok {
			out = append(out, fmt.Sprintf("new upstream defect %q (%s): add it to gitlabKnownDefects and SOURCE.md", d.key, d.detail))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(known)) {
		if !seen[k] {
			out = append(out, fmt.Sprintf("known upstream defect %q (%s) no longer found: fix the detector, or update gitlabKnownDefects and SOURCE.md if upstream fixed it", k, known[k]))
		}
	}
	return out
}

// TestGitLabUpstreamDefects finds the flaws of the third-party
// api-evangelist description (our schemas already correct them), logs each,
// and requires the found set to be exactly gitlabKnownDefects.
func TestGitLabUpstreamDefects(t *testing.T) {
	found := gitlabFindDefects(t, gitlabLoadUpstream(t))
	for _, d := range found {
		if reason, ok := gitlabKnownDefects[d.key]; ok {
			t.Logf("upstream defect (%s): %s", reason, d.detail)
		}
	}
	for _, p := range gitlabDefectProblems(found, gitlabKnownDefects) {
		t.Error(p)
	}
}

// TestGitLabDefectDetectorsCatchBreakage edits a loaded copy of the upstream
// material: fixing a known defect must be reported as no longer found, and
// a new flaw as unknown, each exactly once.
func TestGitLabDefectDetectorsCatchBreakage(t *testing.T) {
	const (
		devResp = "gitlab-oauth2-device-authorization-response-schema.json"
		tokReq  = "gitlab-oauth2-token-request-schema.json"
		tokResp = "gitlab-oauth2-token-response-schema.json"
	)
	prop := func(up gitlabUpstream, file, name string) map[string]any {
		return up.schemas[file]["properties"].(map[string]any)[name].(map[string]any)
	}
	missing := func(key string) string {
		return fmt.Sprintf("known upstream defect %q (%s) no longer found: fix the detector, or update gitlabKnownDefects and SOURCE.md if upstream fixed it", key, gitlabKnownDefects[key])
	}
	tests := []struct {
		name   string
		mutate func(up gitlabUpstream)
		want   string // a prefix of the one expected problem
	}{
		{"verification_uri example fixed", func(up gitlabUpstream) {
			prop(up, devResp, "verification_uri")["example"] = "https://gitlab.example.com/oauth/device"
		}, missing("bad example " + devResp + "#verification_uri")},
		{"required list added", func(up gitlabUpstream) {
			up.schemas[tokResp]["required"] = []any{"access_token", "token_type"}
		}, missing("no required list " + tokResp)},
		{"URN added to the grant_type enum", func(up gitlabUpstream) {
			p := prop(up, tokReq, "grant_type")
			p["enum"] = append(slices.Clone(p["enum"].([]any)), gitlabDeviceGrantURN)
		}, missing("grant_type enum " + tokReq)},
		{"example body fixed", func(up gitlabUpstream) {
			body := up.examples["gitlab-oauth2-device-authorization-response-example.json"].(map[string]any)
			body["verification_uri"] = "https://gitlab.example.com/oauth/device"
			body["verification_uri_complete"] = "https://gitlab.example.com/oauth/device?user_code=X"
		}, missing("example fails ours gitlab-oauth2-device-authorization-response-example.json")},
		{"new placeholder that breaks its type", func(up gitlabUpstream) {
			prop(up, tokResp, "expires_in")["example"] = "soon"
		}, `new upstream defect "bad example ` + tokResp + `#expires_in"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			up := gitlabLoadUpstream(t) // a fresh copy each time
			tt.mutate(up)
			got := gitlabDefectProblems(gitlabFindDefects(t, up), gitlabKnownDefects)
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("problems %q, want exactly one starting %q", got, tt.want)
			}
		})
	}
}

// TestGitLabUpstreamPinned checks that SOURCE.md records the sha256 of every
// upstream file our schemas mirror, so an upstream refresh cannot slip in
// unnoticed.
func TestGitLabUpstreamPinned(t *testing.T) {
	dir := sharedpath.Dir(t, "vendor-specs", "gitlab")
	source := string(gitlabOurs(t, "SOURCE.md"))
	files := []string{"openapi/_original/gitlab-oauth2-openapi.yml"}
	for _, p := range gitlabUpstreamPairs {
		files = append(files, "json-schema/"+p.upstream)
	}
	for _, f := range files {
		sum := sha256.Sum256(gitlabReadFile(t, filepath.Join(dir, f)))
		if h := hex.EncodeToString(sum[:]); !strings.Contains(source, h) {
			t.Errorf("SOURCE.md does not record sha256 %s of upstream %s", h, f)
		}
	}
}

// TestGitLabFixtures validates GitLab's own documented responses against our
// schemas; every fixture file must be claimed by exactly one schema.
func TestGitLabFixtures(t *testing.T) {
	dir := sharedpath.Dir(t, "fixtures", "gitlab")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			schema := gitlabFixtureSchema(e.Name())
			if schema == "" {
				t.Fatalf("no schema claims fixture %s", e.Name())
			}
			var v any
			if err := json.Unmarshal(gitlabReadFile(t, filepath.Join(dir, e.Name())), &v); err != nil {
				t.Fatal(err)
			}
			if err := gitlabCompile(t, schema, gitlabOurs(t, schema)).Validate(v); err != nil {
				t.Errorf("%s against %s: %v", e.Name(), schema, err)
			}
		})
	}
}

func gitlabFixtureSchema(fixture string) string {
	switch {
	case fixture == "device_authorization_response.json":
		return "device-authorization-response.schema.json"
	case fixture == "token_success.json":
		return "token-response.schema.json"
	case strings.HasPrefix(fixture, "token_error_"):
		return "oauth-error.schema.json"
	}
	return ""
}

func TestGitLabOpenAPI(t *testing.T) {
	doc, _ := specLoadOpenAPI(t, "gitlab/openapi.json") // validated with the others in TestEveryOpenAPIValidates
	for name, ref := range doc.Components.Schemas {
		if !strings.HasSuffix(ref.Ref, ".schema.json") || ref.Value == nil || len(ref.Value.Properties) == 0 {
			t.Errorf("components.schemas.%s = %q: want a resolved reference to a JSON Schema file", name, ref.Ref)
		}
	}
}

// TestGitLabOpenAPIOperations pins the status codes and bodies of both
// operations, which the generated client's typed JSON200/JSON400 fields
// depend on.
func TestGitLabOpenAPIOperations(t *testing.T) {
	doc, _ := specLoadOpenAPI(t, "gitlab/openapi.json")
	tests := []struct {
		path, body string
		responses  map[int]string // status -> component schema, "" for no body
	}{
		{"/oauth/authorize_device", "DeviceAuthorizationRequest", map[int]string{200: "DeviceAuthorizationResponse", 400: "OAuthError", 401: "OAuthError", 404: ""}},
		{"/oauth/token", "TokenRequest", map[int]string{200: "TokenResponse", 400: "OAuthError", 401: "OAuthError"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			op := doc.Paths.Find(tt.path).Post
			form := op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
			if form == nil || form.Schema.Ref != "#/components/schemas/"+tt.body {
				t.Errorf("form body: want a reference to %s", tt.body)
			}
			if n := op.Responses.Len(); n != len(tt.responses) {
				t.Errorf("%d responses, want %d", n, len(tt.responses))
			}
			for status, schema := range tt.responses {
				gitlabCheckResponse(t, op, status, schema)
			}
		})
	}
}

func gitlabCheckResponse(t *testing.T, op *openapi3.Operation, status int, schema string) {
	t.Helper()
	resp := op.Responses.Status(status)
	if resp == nil {
		t.Errorf("no %d response", status)
		return
	}
	media := resp.Value.Content.Get("application/json")
	switch {
	case schema == "" && media != nil:
		t.Errorf("%d: unexpected body", status)
	case schema != "" && (media == nil || media.Schema.Ref != "#/components/schemas/"+schema):
		t.Errorf("%d: want application/json %s", status, schema)
	}
}

// TestGitLabFormBodies checks that the generated client encodes, and the
// generated strict server binds, the form bodies GitLab expects, including
// the grant_type URN and an absent client_secret for public clients.
func TestGitLabFormBodies(t *testing.T) {
	fake := &gitlabFakeServer{}
	var wire []url.Values
	capture := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := r.ParseForm(); err != nil {
				t.Errorf("parse form: %v", err)
			}
			wire = append(wire, r.PostForm)
			next.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(capture(gitlab.HandlerFromMuxWithBaseURL(gitlab.NewStrictHandler(fake, nil), http.NewServeMux(), "/gitlab")))
	t.Cleanup(srv.Close)
	client, err := gitlab.NewClientWithResponses(srv.URL + "/gitlab")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	scope := "read_user"
	dev, err := client.AuthorizeDeviceWithFormdataBodyWithResponse(ctx, gitlab.DeviceAuthorizationRequest{ClientId: "app", Scope: &scope})
	if err != nil || dev.JSON200 == nil || dev.JSON200.UserCode != "0A44L90H" {
		t.Fatalf("authorize_device: err %v, status %d", err, dev.StatusCode())
	}
	tok, err := client.ExchangeDeviceCodeWithFormdataBodyWithResponse(ctx, gitlab.TokenRequest{
		GrantType: gitlab.UrnIetfParamsOauthGrantTypeDeviceCode, DeviceCode: dev.JSON200.DeviceCode, ClientId: "app",
	})
	if err != nil || tok.JSON400 == nil || tok.JSON400.Error != "authorization_pending" {
		t.Fatalf("token: err %v, status %d", err, tok.StatusCode())
	}
	want := []url.Values{
		{"client_id": {"app"}, "scope": {"read_user"}},
		{"client_id": {"app"}, "device_code": {"dev-code"}, "grant_type": {gitlabDeviceGrantURN}},
	}
	if !reflect.DeepEqual(wire, want) {
		t.Errorf("wire forms = %v, want %v", wire, want)
	}
	if fake.token == nil || fake.token.ClientSecret != nil || fake.token.GrantType != gitlabDeviceGrantURN {
		t.Errorf("strict server bound token body %+v", fake.token)
	}
}

// gitlabFakeServer answers like GitLab right after the device request: the
// person has not approved yet.
type gitlabFakeServer struct {
	token *gitlab.TokenRequest
}

func (f *gitlabFakeServer) AuthorizeDevice(_ context.Context, req gitlab.AuthorizeDeviceRequestObject) (gitlab.AuthorizeDeviceResponseObject, error) {
	if req.Body.ClientId != "app" || req.Body.Scope == nil || *req.Body.Scope != "read_user" {
		return gitlab.AuthorizeDevice400JSONResponse{OAuthErrorJSONResponse: gitlab.OAuthErrorJSONResponse{Error: "invalid_request"}}, nil
	}
	interval := 5
	return gitlab.AuthorizeDevice200JSONResponse{
		DeviceCode: "dev-code", UserCode: "0A44L90H", VerificationUri: "https://gitlab.example.com/oauth/device",
		ExpiresIn: 300, Interval: &interval,
	}, nil
}

func (f *gitlabFakeServer) ExchangeDeviceCode(_ context.Context, req gitlab.ExchangeDeviceCodeRequestObject) (gitlab.ExchangeDeviceCodeResponseObject, error) {
	f.token = req.Body
	return gitlab.ExchangeDeviceCode400JSONResponse{OAuthErrorJSONResponse: gitlab.OAuthErrorJSONResponse{Error: "authorization_pending"}}, nil
}

// TestGitLabAcceptsWhatTheRFCAllows: a device authorization response with
// only the RFC 8628 section 3.2 REQUIRED members (no interval, no
// verification_uri_complete) and an unknown extra member is accepted, and
// dropping a REQUIRED member is not. A server that omits interval is
// conforming: the client then waits 5 seconds.
func TestGitLabAcceptsWhatTheRFCAllows(t *testing.T) {
	const name = "device-authorization-response.schema.json"
	schema := gitlabCompile(t, name, gitlabOurs(t, name))
	fixture := func(t *testing.T) map[string]any {
		return gitlabDecode(t, gitlabReadFile(t, filepath.Join(sharedpath.Dir(t, "fixtures", "gitlab"), "device_authorization_response.json")))
	}
	tests := []struct {
		name string
		edit func(m map[string]any)
		ok   bool
	}{
		{"as documented", func(map[string]any) {}, true},
		{"no interval", func(m map[string]any) { delete(m, "interval") }, true},
		{"no verification_uri_complete", func(m map[string]any) { delete(m, "verification_uri_complete") }, true},
		{"RFC REQUIRED members only, plus an unknown one", func(m map[string]any) {
			delete(m, "interval")
			delete(m, "verification_uri_complete")
			m["x_vendor_extension"] = true
		}, true},
		{"no device_code", func(m map[string]any) { delete(m, "device_code") }, false},
		{"no user_code", func(m map[string]any) { delete(m, "user_code") }, false},
		{"no verification_uri", func(m map[string]any) { delete(m, "verification_uri") }, false},
		{"no expires_in", func(m map[string]any) { delete(m, "expires_in") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fixture(t)
			tt.edit(m)
			if err := schema.Validate(m); (err == nil) != tt.ok {
				t.Errorf("error %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
