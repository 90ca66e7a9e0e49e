package report

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// Cohesity publishes its v2 API as YAML (cohesity/go-sdk,
// v2/api/openapi.yaml): the report cuts it as make sync-cohesity does, so
// every operation of specs/cohesity/operations.txt is found, none gone.
func TestCutSubsetYAML(t *testing.T) {
	upstream := readRepo(t, "internal/tools/speccheck/testdata/cohesity/openapi.yaml")
	committed := readRepo(t, "specs/cohesity/openapi.json")
	f, err := os.Open(filepath.Join(repoRoot, "specs", "cohesity", "operations.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ops, err := subset.ParseOperations(f)
	if err != nil {
		t.Fatal(err)
	}
	cut, err := CutSubset(context.Background(), upstream, committed, ops, subset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cut.Gone) != 0 || len(cut.Moved) != 0 {
		t.Fatalf("gone %v, moved %v; want every listed operation found", cut.Gone, cut.Moved)
	}
}
