package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const doc = `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
 "components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}}`

func write(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A member renamed on their side is one line each way; YAML is read too.
func TestRunReportsEachDifference(t *testing.T) {
	ours := write(t, "ours.json", doc)
	same := write(t, "same.yaml", "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x: {type: string}\n")
	var out bytes.Buffer
	if n, err := run(&out, ours, same, ""); err != nil || n != 0 {
		t.Errorf("identical documents: %d differences, %v:\n%s", n, err, &out)
	}
	renamed := write(t, "theirs.json", strings.Replace(doc, `"x"`, `"y"`, 1))
	out.Reset()
	n, err := run(&out, ours, renamed, "")
	if err != nil || n != 2 {
		t.Fatalf("renamed member: %d differences, %v:\n%s", n, err, &out)
	}
	for _, want := range []string{"/components/schemas/A/properties/x: ours {\"type\":\"string\"}, theirs (absent)", "/components/schemas/A/properties/y: ours (absent)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, &out)
		}
	}
}

// With -known, a documented difference is marked so, an undocumented one
// NEW (and counted), and a documented one that no longer occurs GONE.
func TestRunMarksKnownDifferences(t *testing.T) {
	ours := write(t, "ours.json", doc)
	renamed := write(t, "theirs.json", strings.Replace(doc, `"x"`, `"y"`, 1))
	known := write(t, "known.txt", "# comment\n/components/schemas/A/properties/x renamed upstream\n/components/schemas/B gone long ago\n")
	var out bytes.Buffer
	n, err := run(&out, ours, renamed, known)
	if err != nil || n != 1 {
		t.Fatalf("%d undocumented, %v; want 1:\n%s", n, err, &out)
	}
	for _, want := range []string{
		"documented: /components/schemas/A/properties/x:",
		"NEW: /components/schemas/A/properties/y:",
		"GONE: /components/schemas/B (gone long ago) no longer differs",
		"2 structural differences", "1 of them not in",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, &out)
		}
	}
}
