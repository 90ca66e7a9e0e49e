package durable_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// readmeProgram is the README's PostgreSQL replica: the fenced Go block
// that calls riverpgxv5.New.
var readmeProgram = regexp.MustCompile("(?s)```go\n((?://[^\n]*\n)*package main\n.*?riverpgxv5\\.New.*?)```")

// The README's program builds, on its own module as an integrator's would,
// and shares its helpers with Example word for word: Example runs them,
// so the README's are tested code.
func TestREADMEProgram(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := readmeProgram.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no Go program calling riverpgxv5.New")
	}
	program := m[1]
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	want, got := funcs(t, example), funcs(t, program)
	for _, name := range []string{"keyringFromEnv", "routes", "reply"} {
		if got[name] == "" || got[name] != want[name] {
			t.Errorf("README's %s differs from example_test.go's:\n%s\nwant:\n%s", name, got[name], want[name])
		}
	}
	build(t, program)
}

// funcs is each top-level function of src, printed with its doc comment.
func funcs(t *testing.T, src []byte) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			var b bytes.Buffer
			if err := printer.Fprint(&b, fset, &printer.CommentedNode{Node: fn, Comments: f.Comments}); err != nil {
				t.Fatal(err)
			}
			out[fn.Name.Name] = fn.Doc.Text() + b.String()
		}
	}
	return out
}

// build compiles program in a module of its own that requires the SDK
// and package durable from this checkout, outside the workspace.
func build(t *testing.T, program []byte) {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sum, err := os.ReadFile("go.sum") // durable's: every module the program links
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"main.go": program, "go.sum": sum, "go.mod": []byte("module example.com/replica\n\ngo 1.26.0\n\n" +
		"require (\n\tgithub.com/devicecode/devicecode v0.0.0\n\tgithub.com/devicecode/devicecode/durable v0.0.0\n)\n\n" +
		"replace (\n\tgithub.com/devicecode/devicecode => " + root + "\n\tgithub.com/devicecode/devicecode/durable => " +
		filepath.Join(root, "durable") + "\n)\n")}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's program does not build: %v\n%s", err, out)
	}
}
