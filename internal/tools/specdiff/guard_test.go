package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specdiff/report"
)

const repoRoot = "../../.."

// TestSpecChangesAccepted is make test's guard: every breaking change to
// specs/ since the previous commit (SPECDIFF_BASE overrides HEAD~1) must be
// in specs/ACCEPTED-CHANGES.json with its reason; each one that is not is
// one failing line naming it. No spec change, no oasdiff run.
func TestSpecChangesAccepted(t *testing.T) {
	ref := os.Getenv("SPECDIFF_BASE")
	if ref == "" {
		ref = "HEAD~1"
	}
	if err := exec.Command("git", "-C", repoRoot, "rev-parse", "-q", "--verify", ref+"^{commit}").Run(); err != nil {
		t.Skipf("no %s to compare with (a shallow clone or the first commit): %v", ref, err)
	}
	reports, err := report.Guard(context.Background(), repoRoot, ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range unacceptedLines(reports) {
		t.Error(l)
	}
}

// TestGuardFailsOnUnacceptedChange proves the guard fails on a breaking
// change to a committed spec, one line naming it, and passes once the
// change is accepted with a reason.
func TestGuardFailsOnUnacceptedChange(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"specs/veeam/openapi.json", "normalize/shapes.go", "gen/veeam/veeam.gen.go"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, p))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, p), data)
	}
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")

	// The working tree drops RESTDeviceCodeResponse.userCode, which
	// normalize reads into the canonical user_code.
	spec := filepath.Join(dir, "specs", "veeam", "openapi.json")
	var doc map[string]any
	data, _ := os.ReadFile(spec)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	props := doc["components"].(map[string]any)["schemas"].(map[string]any)["RESTDeviceCodeResponse"].(map[string]any)["properties"].(map[string]any)
	delete(props, "userCode")
	out, _ := json.MarshalIndent(doc, "", "  ")
	write(t, spec, out)

	const id = "response-optional-property-removed RESTDeviceCodeResponse.userCode"
	reports, err := report.Guard(context.Background(), dir, "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := unacceptedLines(reports)
	if len(lines) != 1 || !strings.Contains(lines[0], id) || !strings.Contains(lines[0], "our mapping reads it") {
		t.Fatalf("guard lines %q, want one naming %q", lines, id)
	}

	acc, _ := json.Marshal(report.Accepted{Accepted: []report.Acceptance{{
		Vendor: "veeam", ID: id, Reason: "test", Reviewer: "t", Date: "2026-12-06"}}})
	write(t, filepath.Join(dir, report.AcceptedFile), acc)
	if reports, err = report.Guard(context.Background(), dir, "HEAD", nil); err != nil {
		t.Fatal(err)
	}
	if lines := unacceptedLines(reports); len(lines) != 0 {
		t.Fatalf("accepted change still fails: %q", lines)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v: %s", args, err, out)
	}
}
