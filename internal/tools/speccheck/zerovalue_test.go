package speccheck_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A new required request member upstream (issue 18: applicationId on the
// organization request) regenerates cleanly into a struct field that is
// not a pointer. This test really generates: the pinned oapi-codegen runs
// on a copy of specs/veeam/openapi.json with the member added, and a
// scratch module (testdata/zerovalue) compiles against the result and the
// repository's request check. It shows the generated client sends the zero
// UUID without the check, and with it refuses before sending, naming the
// vendor and the member.
func TestNewRequiredMemberRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator and compiles a module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeSpecWithRequiredMember(t, filepath.Join(root, "specs", "veeam", "openapi.json"), filepath.Join(dir, "openapi.json"))
	cfg := "package: zerovalue\noutput: " + filepath.Join(dir, "veeam.gen.go") + "\ngenerate:\n  models: true\n  client: true\nallow-remote-refs-from: []\n"
	writeFile(t, filepath.Join(dir, "cfg.yaml"), cfg)

	// The generator is the one internal/tools/go.mod pins.
	gen := exec.Command(goBin, "run", "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen",
		"-config", filepath.Join(dir, "cfg.yaml"), filepath.Join(dir, "openapi.json"))
	gen.Dir = filepath.Join(root, "internal", "tools")
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, out)
	}
	generated, err := os.ReadFile(filepath.Join(dir, "veeam.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile("ApplicationId +openapi_types.UUID +`json:\"applicationId\"`").Match(generated) {
		t.Fatalf("generated code lacks a non-pointer ApplicationId field")
	}

	test, err := os.ReadFile(filepath.Join("testdata", "zerovalue", "refusal_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "refusal_test.go"), string(test))
	// The module path lies under the repository's, so that the scratch
	// module may import its internal/reqcheck; replace points at this
	// checkout, and go.sum is the SDK's (no network: GOPROXY=off).
	writeFile(t, filepath.Join(dir, "go.mod"), "module github.com/devicecode/devicecode/zerovalue\n\ngo 1.26.0\n\n"+
		"require (\n\tgithub.com/devicecode/devicecode v0.0.0\n\tgithub.com/oapi-codegen/runtime v1.9.0\n)\n\n"+
		"replace github.com/devicecode/devicecode => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	run := exec.Command(goBin, "test", "-count=1", "-v", "./...")
	run.Dir = dir
	run.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("the scratch module's tests failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	for _, name := range []string{"TestWithoutCheckTheZeroUUIDIsSent", "TestCheckRefusesTheZeroUUID", "TestCheckPassesTheCallersValue"} {
		if !strings.Contains(string(out), "--- PASS: "+name) {
			t.Errorf("%s did not pass:\n%s", name, out)
		}
	}
}

// writeSpecWithRequiredMember adds applicationId (a UUID) to the
// organization request and its required list.
func writeSpecWithRequiredMember(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	org := veeamObj(doc, "components", "schemas", "RestOrganizationComposed")
	if org == nil {
		t.Fatal("RestOrganizationComposed is not in the spec")
	}
	veeamObj(org, "properties")["applicationId"] = map[string]any{"type": "string", "format": "uuid"}
	org["required"] = []any{"applicationId"}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(out))
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
