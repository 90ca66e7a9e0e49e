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
// specs/ since the last release (.ci/base: the last v* tag, else
// .ci/baseline; SPECDIFF_BASE overrides it) must be in
// specs/ACCEPTED-CHANGES.json with its reason; each one that is not is one
// failing line naming it. No spec change, no oasdiff run. A clone without
// that commit skips, and fails under CI=true.
func TestSpecChangesAccepted(t *testing.T) {
	ref := os.Getenv("SPECDIFF_BASE")
	if ref == "" {
		out, err := exec.Command("bash", filepath.Join(repoRoot, ".ci", "base")).CombinedOutput()
		if err != nil {
			missing(t, strings.TrimSpace(string(out)))
		}
		ref = strings.TrimSpace(string(out))
	}
	if err := exec.Command("git", "-C", repoRoot, "rev-parse", "-q", "--verify", ref+"^{commit}").Run(); err != nil {
		missing(t, "no "+ref+" to compare with (a shallow clone?)")
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
// change to a committed spec, one line per change naming it, and passes once
// the changes are accepted with a reason. GitLab's contract is its
// openapi.json and the schema files it refers to.
func TestGuardFailsOnUnacceptedChange(t *testing.T) {
	for _, tc := range []struct {
		vendor string
		files  []string
		edit   func(t *testing.T, dir string)
		want   []string
	}{{
		vendor: "veeam",
		files:  []string{"specs/veeam/openapi.json", "gen/veeam/veeam.gen.go"},
		// Drops RESTDeviceCodeResponse.userCode, which normalize reads
		// into the canonical user_code.
		edit: func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "specs", "veeam", "openapi.json"), func(doc map[string]any) {
				delete(dig(doc, "components", "schemas", "RESTDeviceCodeResponse", "properties"), "userCode")
			})
		},
		want: []string{"response-optional-property-removed RESTDeviceCodeResponse.userCode"},
	}, {
		vendor: "gitlab",
		files: []string{"specs/gitlab/openapi.json", "gen/gitlab/gitlab.gen.go",
			"specs/gitlab/device-authorization-request.schema.json", "specs/gitlab/device-authorization-response.schema.json",
			"specs/gitlab/token-request.schema.json", "specs/gitlab/token-response.schema.json", "specs/gitlab/oauth-error.schema.json"},
		// Drops interval from the schema file and the 401 of /oauth/token
		// from openapi.json.
		edit: func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "specs", "gitlab", "device-authorization-response.schema.json"), func(doc map[string]any) {
				delete(dig(doc, "properties"), "interval")
			})
			editJSON(t, filepath.Join(dir, "specs", "gitlab", "openapi.json"), func(doc map[string]any) {
				delete(dig(doc, "paths", "/oauth/token", "post", "responses"), "401")
			})
		},
		want: []string{"response-non-success-status-removed POST /oauth/token", "response-optional-property-removed DeviceAuthorizationResponse.interval"},
	}} {
		t.Run(tc.vendor, func(t *testing.T) {
			dir := t.TempDir()
			for _, p := range append(tc.files, "normalize/shapes.go") {
				data, err := os.ReadFile(filepath.Join(repoRoot, p))
				if err != nil {
					t.Fatal(err)
				}
				write(t, filepath.Join(dir, p), data)
			}
			gitIn(t, dir, "init", "-q")
			gitIn(t, dir, "add", ".")
			gitIn(t, dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
			tc.edit(t, dir)

			reports, err := report.Guard(context.Background(), dir, "HEAD", nil)
			if err != nil {
				t.Fatal(err)
			}
			lines := unacceptedLines(reports)
			if len(lines) != len(tc.want) {
				t.Fatalf("guard lines %q, want %d naming %q", lines, len(tc.want), tc.want)
			}
			var acc report.Accepted
			for i, id := range tc.want {
				if !strings.Contains(lines[i], id) || !strings.Contains(lines[i], "breaking change not in") {
					t.Errorf("line %q, want one naming %q", lines[i], id)
				}
				acc.Accepted = append(acc.Accepted, report.Acceptance{Vendor: tc.vendor, ID: id, Reason: "test", Reviewer: "t", Date: "2026-12-06"})
			}
			data, _ := json.Marshal(acc)
			write(t, filepath.Join(dir, report.AcceptedFile), data)
			if reports, err = report.Guard(context.Background(), dir, "HEAD", nil); err != nil {
				t.Fatal(err)
			}
			if lines := unacceptedLines(reports); len(lines) != 0 {
				t.Fatalf("accepted changes still fail: %q", lines)
			}
		})
	}
}

func dig(doc map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		doc, _ = doc[k].(map[string]any)
	}
	return doc
}

func editJSON(t *testing.T, path string, edit func(map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, out)
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

// missing ends the guard when its base is not in the clone: a skip, which
// CI (CI=true) makes a failure, as it does for the other missing material.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why)
	}
	t.Skip(why)
}
