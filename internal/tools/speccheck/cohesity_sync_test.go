package speccheck_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
	"github.com/devicecode/devicecode/specs"
)

// The self-test of `make sync-cohesity`: the cut runs on a small fixture in
// upstream's form (testdata/cohesity/openapi.yaml; its header says what it
// was reconstructed from), so it needs no network and one upstream change
// gives one failure naming it.

const (
	cohesityOps     = "cohesity/operations.txt"
	cohesityFixture = "testdata/cohesity/openapi.yaml"
	cohesityKnown   = "cohesity/upstream-differences.txt"
)

// cohesityUpstreamDiffs reads specs/cohesity/upstream-differences.txt: every
// structural difference between our hand-written contract and the subset cut
// from upstream, with why it exists. A new difference or one that no longer
// appears fails TestCohesityDiffersFromUpstreamAsDocumented.
func cohesityUpstreamDiffs(t *testing.T) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(specs.FS, cohesityKnown)
	if err != nil {
		t.Fatal(err)
	}
	known, err := subset.ParseKnown(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(known) == 0 {
		t.Fatalf("%s lists no difference", cohesityKnown)
	}
	return known
}

func cohesityReadOps(t *testing.T) []subset.Operation {
	t.Helper()
	b, err := fs.ReadFile(specs.FS, cohesityOps)
	if err != nil {
		t.Fatal(err)
	}
	ops, err := subset.ParseOperations(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return ops
}

// cohesityCut runs what `make sync-cohesity` runs on the fixture.
func cohesityCut(t *testing.T, upstream []byte, ops []subset.Operation) map[string]any {
	t.Helper()
	res, err := subset.Extract(context.Background(), upstream, ops, subset.Options{})
	if err != nil {
		t.Fatalf("cutting the fixture: %v", err)
	}
	doc, err := subset.Decode(res.JSON)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func cohesityFixtureBytes(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(cohesityFixture)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cohesityOperationsOf(doc map[string]any) []string {
	var ops []string
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if !slices.Contains([]string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}, method) {
				continue
			}
			ops = append(ops, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

func cohesityOpStrings(ops []subset.Operation) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = op.String()
	}
	slices.Sort(out)
	return out
}

// TestCohesityOperationsListed keeps operations.txt and our contract's
// operations the same set: what the sync cuts is what the client uses.
func TestCohesityOperationsListed(t *testing.T) {
	doc, err := subset.Decode(cohesityRaw(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cohesityOperationsOf(doc), cohesityOpStrings(cohesityReadOps(t)); !slices.Equal(got, want) {
		t.Errorf("specs/%s has operations %q, %s lists %q", cohesitySpec, got, cohesityOps, want)
	}
}

// TestCohesitySyncCutsFixture: the YAML fixture cuts to exactly the listed
// operations, leaving out the neighbour operation and the schema only it
// reaches.
func TestCohesitySyncCutsFixture(t *testing.T) {
	ops := cohesityReadOps(t)
	cut := cohesityCut(t, cohesityFixtureBytes(t), ops)
	if got, want := cohesityOperationsOf(cut), cohesityOpStrings(ops); !slices.Equal(got, want) {
		t.Errorf("cut operations %q, want %q", got, want)
	}
	schemas := cut["components"].(map[string]any)["schemas"].(map[string]any)
	if _, ok := schemas["CreateM365SelfServiceConfigRequestParams"]; ok {
		t.Error("the cut keeps CreateM365SelfServiceConfigRequestParams, which only an unlisted operation reaches")
	}
	if _, ok := schemas["Office365AppCredentials"]; !ok {
		t.Error("the cut lacks Office365AppCredentials, which the Azure applications' bodies reach")
	}
}

// TestCohesityDiffersFromUpstreamAsDocumented: every structural difference
// between our contract and the cut is in cohesityUpstreamDiffs, and every
// entry there still occurs.
func TestCohesityDiffersFromUpstreamAsDocumented(t *testing.T) {
	ours, err := subset.Decode(cohesityRaw(t))
	if err != nil {
		t.Fatal(err)
	}
	cut := cohesityCut(t, cohesityFixtureBytes(t), cohesityReadOps(t))
	cohesityCheckDiffs(t, subset.CompareDocuments(ours, cut), cohesityUpstreamDiffs(t))
}

func cohesityCheckDiffs(t *testing.T, diffs []subset.Difference, known map[string]string) {
	t.Helper()
	seen := map[string]bool{}
	for _, d := range diffs {
		seen[d.Pointer] = true
		if _, ok := known[d.Pointer]; !ok {
			t.Errorf("undocumented difference from upstream: %s (add it, with its reason, to specs/%s)", d, cohesityKnown)
		}
	}
	for p, why := range known {
		if !seen[p] {
			t.Errorf("documented difference %s (%s) no longer found: update specs/%s and SOURCE.md", p, why, cohesityKnown)
		}
	}
}

// TestCohesitySyncNamesAMissingOperation: an operation upstream no longer
// has stops the cut with an error naming it, not a partial spec.
func TestCohesitySyncNamesAMissingOperation(t *testing.T) {
	moved := bytes.Replace(cohesityFixtureBytes(t), []byte("  /data-protect/sources/microsoft365/auth/device-code:"), []byte("  /data-protect/sources/m365/auth/device-code:"), 1)
	_, err := subset.Extract(context.Background(), moved, cohesityReadOps(t), subset.Options{})
	var missing *subset.MissingOperationError
	if !errors.As(err, &missing) || missing.Operation.Path != "/data-protect/sources/microsoft365/auth/device-code" {
		t.Fatalf("cut of a spec without the device-code path: %v, want a MissingOperationError naming it", err)
	}
}

// TestCohesityDiffCatchesUpstreamChange edits the fixture as upstream might
// (a member renamed) and checks that the comparison reports exactly that.
func TestCohesityDiffCatchesUpstreamChange(t *testing.T) {
	ours, err := subset.Decode(cohesityRaw(t))
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(cohesityFixtureBytes(t), []byte("        userCode: {type: string, nullable: true}"), []byte("        user_code: {type: string, nullable: true}"), 1)
	known := cohesityUpstreamDiffs(t)
	var extra []string
	for _, d := range subset.CompareDocuments(ours, cohesityCut(t, changed, cohesityReadOps(t))) {
		if _, ok := known[d.Pointer]; !ok {
			extra = append(extra, d.Pointer)
		}
	}
	slices.Sort(extra)
	want := []string{
		"/components/schemas/GenerateM365DeviceCodeResponseParams/properties/userCode",
		"/components/schemas/GenerateM365DeviceCodeResponseParams/properties/user_code",
	}
	if !slices.Equal(extra, want) {
		t.Errorf("a renamed userCode upstream gives new differences %q, want %q", extra, want)
	}
}

// cohesityRaw is our contract as embedded in the binary.
func cohesityRaw(t *testing.T) []byte {
	t.Helper()
	b, err := fs.ReadFile(specs.FS, cohesitySpec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
