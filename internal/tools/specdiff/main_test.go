package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunRevision drives the command as a sync target does: an already cut
// subset (-revision), JSON out, -fail: exit 1 on the breaking change, 0
// without -fail, 0 on no change.
func TestRunRevision(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "specs", "veeam", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	same := filepath.Join(t.TempDir(), "same.json")
	write(t, same, data)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	paths := doc["paths"].(map[string]any)
	delete(paths, "/ServiceInstance") // the version probe
	changed := filepath.Join(t.TempDir(), "changed.json")
	out, _ := json.MarshalIndent(doc, "", "  ")
	write(t, changed, out)

	o := options{vendor: "veeam", revision: changed, format: "json", root: repoRoot, fail: true}
	var b, errb bytes.Buffer
	code, err := run(context.Background(), o, &b, &errb)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Changes []struct {
			Breaking bool   `json:"breaking"`
			Summary  string `json:"summary"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(b.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, b.String())
	}
	if code != 1 || len(r.Changes) == 0 || !r.Changes[0].Breaking || !strings.Contains(r.Changes[0].Summary, "GET /ServiceInstance") {
		t.Fatalf("exit %d, report %s: want 1 and the removed GET /ServiceInstance first", code, b.String())
	}
	// The one line a maintainer reads, on the writer run is given (it went
	// to the test binary's own stderr, beside the real failures).
	if want := `specdiff: veeam: breaking change not in specs/ACCEPTED-CHANGES.json: "api-path-removed-without-deprecation GET /ServiceInstance"`; !strings.Contains(errb.String(), want) {
		t.Errorf("stderr %q lacks %q", errb.String(), want)
	}
	o.fail = false
	if code, err := run(context.Background(), o, &b, io.Discard); err != nil || code != 0 {
		t.Fatalf("without -fail: exit %d, %v", code, err)
	}
	o.revision, o.fail, o.format = same, true, "md"
	b.Reset()
	if code, err := run(context.Background(), o, &b, io.Discard); err != nil || code != 0 || !strings.Contains(b.String(), "No change in our contract.") {
		t.Fatalf("no change: exit %d, %v, %s", code, err, b.String())
	}
}

// An upstream older than the committed cut is not what make sync-veeam
// adopts: the report says so once, above its changes, and a same-version
// upstream gets no such note.
func TestRunOlderUpstreamSaysTheCutIsKept(t *testing.T) {
	for _, tc := range []struct {
		version string
		note    bool
	}{{"v7", true}, {"v8", false}} {
		data, err := os.ReadFile(filepath.Join(repoRoot, "specs", "veeam", "openapi.json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		doc["info"].(map[string]any)["version"] = tc.version
		paths := map[string]any{} // upstream prefixes every path with its version
		for p, item := range doc["paths"].(map[string]any) {
			paths["/"+tc.version+p] = item
		}
		doc["paths"] = paths
		up := filepath.Join(t.TempDir(), "upstream.json")
		out, _ := json.MarshalIndent(doc, "", "  ")
		write(t, up, out)

		var b bytes.Buffer
		o := options{vendor: "veeam", upstream: up, format: "md", root: repoRoot}
		if _, err := run(context.Background(), o, &b, io.Discard); err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(b.String(), "older than the committed v8 cut: make sync-veeam keeps the v8 cut")
		if got != tc.note {
			t.Errorf("%s upstream: note %v, want %v:\n%s", tc.version, got, tc.note, b.String())
		}
	}
}
