package report

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/internal/sharedpath"
	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// fixture is one simulated upstream change and the classification the
// report must give it: exactly these changes, no more.
type fixture struct {
	Description string    `json:"description"`
	File        string    `json:"file,omitempty"` // GitLab: which of our schema files the patch changes
	Patch       []patchOp `json:"patch"`
	Want        []struct {
		ID       string `json:"id"`
		Breaking bool   `json:"breaking"`
		Affects  string `json:"affects,omitempty"` // a substring of one of the change's affects
		// NotAffects must be in none of them.
		NotAffects string `json:"not_affects,omitempty"`
		Summary    string `json:"summary,omitempty"` // a substring of its summary
	} `json:"want"`
}

const repoRoot = "../../../.."

func loadFixtures(t *testing.T, vendor string) map[string]fixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", vendor, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures for %s: %v", vendor, err)
	}
	out := map[string]fixture{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx fixture
		if err := json.Unmarshal(data, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = fx
	}
	return out
}

func patched(t *testing.T, data []byte, ops []patchOp) []byte {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc, err := applyPatch(doc, ops)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestVeeamFixtures applies each simulated change to upstream v8 (read in
// place), cuts our subset as make sync-veeam does, and checks the report
// against the committed specs/veeam/openapi.json.
func TestVeeamFixtures(t *testing.T) {
	upstream, err := os.ReadFile(filepath.Join(sharedpath.Dir(t, "vendor-specs", "veeam"), "vb365_rest_v8.json"))
	if err != nil {
		t.Fatal(err)
	}
	committed := readRepo(t, "specs/veeam/openapi.json")
	f, err := os.Open(filepath.Join(repoRoot, "specs", "veeam", "operations.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ops, err := subset.ParseOperations(f)
	if err != nil {
		t.Fatal(err)
	}
	m := loadMapping(t, "veeam")
	for name, fx := range loadFixtures(t, "veeam") {
		t.Run(name, func(t *testing.T) {
			cut, err := CutSubset(context.Background(), patched(t, upstream, fx.Patch), committed, ops, subset.Options{AnyToJSON: true, StripVersion: true})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Diff(context.Background(), Input{Vendor: "veeam", Base: committed, Revision: cut.JSON, Mapping: m, Moved: cut.Moved, Gone: cut.Gone})
			if err != nil {
				t.Fatal(err)
			}
			check(t, fx, r)
		})
	}
}

// TestGitLabFixtures changes one of our GitLab schema files and checks
// the report on the two wrapped contracts.
func TestGitLabFixtures(t *testing.T) {
	m := loadMapping(t, "gitlab")
	base := map[string][]byte{}
	for _, role := range GitLabRoles() {
		base[role] = readRepo(t, "specs/gitlab/"+role)
	}
	baseDoc, err := WrapGitLab(base)
	if err != nil {
		t.Fatal(err)
	}
	for name, fx := range loadFixtures(t, "gitlab") {
		t.Run(name, func(t *testing.T) {
			rev := map[string][]byte{}
			for k, v := range base {
				rev[k] = v
			}
			rev[fx.File] = patched(t, base[fx.File], fx.Patch)
			revDoc, err := WrapGitLab(rev)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Diff(context.Background(), Input{Vendor: "gitlab", Base: baseDoc, Revision: revDoc, Mapping: m})
			if err != nil {
				t.Fatal(err)
			}
			check(t, fx, r)
		})
	}
}

func check(t *testing.T, fx fixture, r *Report) {
	t.Helper()
	got := map[string]Change{}
	var gotIDs, wantIDs []string
	for _, c := range r.Changes {
		got[c.ID] = c
		gotIDs = append(gotIDs, c.ID)
	}
	for _, w := range fx.Want {
		wantIDs = append(wantIDs, w.ID)
		c, ok := got[w.ID]
		if !ok {
			continue
		}
		if c.Breaking != w.Breaking {
			t.Errorf("%s: breaking %v, want %v (%s)", w.ID, c.Breaking, w.Breaking, c.Reason)
		}
		if w.Affects != "" && !strings.Contains(strings.Join(c.Affects, "\n"), w.Affects) {
			t.Errorf("%s: affects %q, want one naming %q", w.ID, c.Affects, w.Affects)
		}
		if w.NotAffects != "" && strings.Contains(strings.Join(c.Affects, "\n"), w.NotAffects) {
			t.Errorf("%s: affects %q, want none naming %q", w.ID, c.Affects, w.NotAffects)
		}
		if w.Summary != "" && !strings.Contains(c.Summary, w.Summary) {
			t.Errorf("%s: summary %q, want it to say %q", w.ID, c.Summary, w.Summary)
		}
	}
	sort.Strings(gotIDs)
	sort.Strings(wantIDs)
	if strings.Join(gotIDs, "\n") != strings.Join(wantIDs, "\n") {
		t.Errorf("%s:\nchanges %q\nwant    %q", fx.Description, gotIDs, wantIDs)
	}
}

func readRepo(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadMapping(t *testing.T, vendor string) *Mapping {
	t.Helper()
	m, err := LoadMapping(repoRoot, vendor)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
