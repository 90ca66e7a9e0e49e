package subset_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// A listed operation upstream lacks is reported with where it may have
// gone: the upstream operations carrying its previous operationId, and the
// nearest paths of the same method.
func TestMissingOperationHints(t *testing.T) {
	previous, err := os.ReadFile(filepath.Join("testdata", "want.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Upstream moves POST /v1/things (Things_Add) to /v2/items.
	moved := movePath(t, readUpstream(t), "/v1/things", "/v2/items")
	tests := []struct {
		name     string
		upstream []byte
		op       subset.Operation
		previous []byte
		want     string
	}{
		{"moved, found by operationId", moved, subset.Operation{Method: "POST", Path: "/v1/things"}, previous,
			"subset: operation POST /v1/things not found upstream; operationId Things_Add is upstream at POST /v2/items; similar upstream paths: POST /v1/token"},
		{"moved, no previous cut: by path only", moved, subset.Operation{Method: "POST", Path: "/v1/things"}, nil,
			"subset: operation POST /v1/things not found upstream; similar upstream paths: POST /v1/token, POST /v2/items"},
		{"a typo, found by path", readUpstream(t), subset.Operation{Method: "POST", Path: "/v1/Thing"}, nil,
			"subset: operation POST /v1/Thing not found upstream; similar upstream paths: POST /v1/things, POST /v1/token"},
		{"a renamed parameter segment is near", readUpstream(t), subset.Operation{Method: "GET", Path: "/v1/things/{id}"}, nil,
			"subset: operation GET /v1/things/{id} not found upstream; similar upstream paths: GET /v1/things"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := subset.Extract(context.Background(), tc.upstream, []subset.Operation{tc.op}, subset.Options{Previous: tc.previous})
			var me *subset.MissingOperationError
			if !errors.As(err, &me) {
				t.Fatalf("err = %v, want a *MissingOperationError", err)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
}

func movePath(t *testing.T, upstream []byte, from, to string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(upstream, &doc); err != nil {
		t.Fatal(err)
	}
	paths := doc["paths"].(map[string]any)
	paths[to] = paths[from]
	delete(paths, from)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
