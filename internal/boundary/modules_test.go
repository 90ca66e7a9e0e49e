package boundary

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cliAndToolModules belong to the nested modules of go.work — the CLI
// (cmd/devicecode) and the build-time tools (internal/tools: the generator's
// pin, specsubset, the spec checks) — and never to the root go.mod, whose
// requirements are part of every integrator's module graph.
var cliAndToolModules = []string{
	"github.com/spf13/cobra", "github.com/spf13/pflag", "github.com/inconshreveable/mousetrap",
	"github.com/cli/browser", "golang.org/x/term", "rsc.io/qr",
	"github.com/getkin/kin-openapi", "github.com/oapi-codegen/oapi-codegen/v2",
}

// goOut runs go in dir with env added to the environment and returns its
// standard output.
func goOut(t *testing.T, dir string, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return out
}

// databaseModules belong to package durable's module (durable/go.mod):
// River, its drivers, pgx and the pure-Go SQLite, with what they need.
var databaseModules = []string{
	"github.com/riverqueue/", "github.com/jackc/", "modernc.org/", "github.com/tidwall/",
	module + "durable",
}

type goMod struct {
	Module  struct{ Path string }
	Go      string
	Require []struct {
		Path, Version string
	}
}

func readGoMod(t *testing.T, dir string) goMod {
	t.Helper()
	var m goMod
	if err := json.Unmarshal(goOut(t, dir, nil, "mod", "edit", "-json"), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRootGoModRequiresNoCLIOrToolModule(t *testing.T) {
	m := readGoMod(t, "../..")
	if m.Module.Path+"/" != module || len(m.Require) == 0 {
		t.Fatalf("read module %q with %d requirements from ../../go.mod", m.Module.Path, len(m.Require))
	}
	for _, r := range m.Require {
		if slices.Contains(cliAndToolModules, r.Path) || slices.ContainsFunc(databaseModules, prefixOf(r.Path)) {
			t.Errorf("the root go.mod requires %s %s: integrators would get it; it belongs in cmd/devicecode/go.mod or internal/tools/go.mod", r.Path, r.Version)
		}
	}
}

// prefixOf reports whether path starts with a prefix.
func prefixOf(path string) func(prefix string) bool {
	return func(prefix string) bool { return strings.HasPrefix(path, prefix) }
}

// webFrameworks are no part of the SDK, which serves its fakes with
// net/http alone; oapi-codegen/runtime's go.mod required them up to v1.8.0
// (for middleware the generated code never used), and so brought them, with
// some seventy modules they need, into every integrator's module graph.
var webFrameworks = []string{"github.com/gin-gonic/gin", "github.com/labstack/echo/v4", "github.com/kataras/iris/v12"}

// An integrator's module graph, as `go mod tidy` leaves it for a module that
// imports every vendor package (importing one gives a subset of this graph),
// holds no module of the CLI or the tools, and no web framework.
// golang.org/x/term is the exception: golang.org/x/net, whose idna package
// internal/hostname needs, requires it in its own go.mod (it is in the
// graph, never in the build).
func TestIntegratorModuleGraph(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goLine := readGoMod(t, root).Go
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/integrator\n\ngo "+goLine+"\n\n"+
		"require github.com/devicecode/devicecode v0.0.0\n\n"+
		"replace github.com/devicecode/devicecode => "+root+"\n")
	var imports, uses strings.Builder
	for _, v := range []string{"gitlab", "microsoft", "cohesity", "veeam"} {
		imports.WriteString("\t\"" + module + "vendors/" + v + "\"\n")
		uses.WriteString("\t_ = " + v + ".New\n")
	}
	write("main.go", "package main\n\nimport (\n"+imports.String()+")\n\nfunc main() {\n"+uses.String()+"}\n")
	// Every module of this graph is in the root's graph too, so the root's
	// go.sum holds every checksum tidy needs: nothing is looked up.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))

	env := []string{"GOWORK=off", "GOFLAGS=-mod=mod"}
	goOut(t, dir, env, "mod", "tidy")
	mods := strings.Split(strings.TrimSpace(string(goOut(t, dir, env, "list", "-m", "all"))), "\n")
	if len(mods) < 3 {
		t.Fatalf("the integrator's module graph holds only %q", mods)
	}
	t.Logf("an integrator importing every vendor package: %d modules in its graph", len(mods))
	for _, line := range mods {
		path := strings.Fields(line)[0]
		if slices.Contains(cliAndToolModules, path) && path != "golang.org/x/term" || slices.Contains(webFrameworks, path) ||
			slices.ContainsFunc(databaseModules, prefixOf(path)) {
			t.Errorf("an integrator's module graph holds %s", line)
		}
	}
}

// In workspace mode (go.work), each module's packages and tests build with
// the versions the workspace selects across all its modules; an integrator,
// or `go install` of the CLI, gets those its own go.mod selects. They must
// be the same, or the tests would run against versions no one ships: a
// nested module must not raise a version the root, or another, depends on.
func TestWorkspaceBuildsEachModuleAsItShips(t *testing.T) {
	if os.Getenv("GOWORK") == "off" {
		t.Skip("GOWORK=off: no workspace to compare")
	}
	var work struct{ Use []struct{ DiskPath string } }
	if err := json.Unmarshal(goOut(t, "../..", nil, "work", "edit", "-json"), &work); err != nil {
		t.Fatal(err)
	}
	if len(work.Use) < 2 {
		t.Fatalf("go.work uses %v; want the root and its nested modules", work.Use)
	}
	// The modules each module's packages and tests link, at their versions;
	// the workspace's own modules are left out (replaced, not versioned).
	linked := func(dir string, env []string) []string {
		out := goOut(t, dir, env, "list", "-deps", "-test", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}", "./...")
		var mods []string
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || strings.HasPrefix(f[0]+"/", module) || slices.Contains(mods, line) {
				continue
			}
			mods = append(mods, line)
		}
		slices.Sort(mods)
		return mods
	}
	for _, u := range work.Use {
		dir := filepath.Join("..", "..", u.DiskPath)
		alone, inWork := linked(dir, []string{"GOWORK=off"}), linked(dir, nil)
		if len(alone) == 0 {
			t.Errorf("%s: no dependency found", u.DiskPath)
		}
		for _, m := range alone {
			if !slices.Contains(inWork, m) {
				t.Errorf("%s links %s on its own, another version in the workspace", u.DiskPath, m)
			}
		}
		for _, m := range inWork {
			if !slices.Contains(alone, m) {
				t.Errorf("%s links %s in the workspace, another version (or none) on its own", u.DiskPath, m)
			}
		}
	}
}
