package boundary

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/devicecode/devicecode/"

// deps lists the packages patterns link, from `go list -deps` (test files
// excluded: a test may import a generated type as a benchmark baseline).
func deps(t *testing.T, patterns ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps"}, patterns...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %v: %v", patterns, err)
	}
	// An empty listing would make every check below pass vacuously.
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps %v found only %d packages: %q", patterns, len(deps), deps)
	}
	return deps
}

// forbid fails for every dependency of patterns that starts with a
// forbidden prefix.
func forbid(t *testing.T, patterns []string, prefixes ...string) {
	t.Helper()
	for _, d := range deps(t, patterns...) {
		for _, p := range prefixes {
			if strings.HasPrefix(d, p) {
				t.Errorf("%v imports %s, which it must not", patterns, d)
			}
		}
	}
}

func TestEngineImportsNoVendor(t *testing.T) {
	forbid(t, []string{".", "./normalize/..."},
		module+"gen/", module+"vendors/", module+"cmd/", module+"durable")
}

func TestGeneratedImportsNothingOfOurs(t *testing.T) {
	for _, d := range deps(t, "./gen/...") {
		if strings.HasPrefix(d, module) && !strings.HasPrefix(d, module+"gen/") {
			t.Errorf("gen/ imports %s", d)
		}
	}
}

// The packages an integrator imports link neither the CLI's libraries nor
// the build-time tools (generator, spec tooling).
func TestSDKLinksNoToolOrCLILibrary(t *testing.T) {
	sdk := []string{".", "./normalize/...", "./vendors/gitlab", "./vendors/microsoft",
		"./vendors/cohesity", "./vendors/veeam", "./vendors/internal/vendorkit"}
	forbid(t, sdk, "github.com/spf13/", "golang.org/x/term", "github.com/cli/", "github.com/pkg/browser",
		"github.com/getkin/", "github.com/oapi-codegen/oapi-codegen/", "rsc.io/qr", module+"cmd/")
}

// River, pgx and SQLite are linked only by package durable (its own module)
// and the CLI: not by the engine, normalize or any vendor package.
func TestSDKLinksNoDatabase(t *testing.T) {
	sdk := []string{".", "./normalize/...", "./vendors/...", "./devicetest/...", "./clock/..."}
	forbid(t, sdk, databaseModules...)
}
