// Command speccompare prints the structural differences between our
// contract and a subset cut from upstream (make sync-cohesity): every path,
// operation and component of ours against the same one of theirs, by the
// keywords that shape the wire and the generated code (types, formats,
// enums, required, nullable, property names, $ref targets), not prose.
//
// Usage:
//
//	go run ./internal/tools/speccompare -ours specs/cohesity/openapi.json -theirs cut.json
//
// It exits 0 whatever it finds (the sync targets print, the reviewer
// decides), 1 when -fail is set and something differs, 2 on bad input.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

func main() {
	ours := flag.String("ours", "", "our OpenAPI document, JSON (required)")
	theirs := flag.String("theirs", "", "the subset cut from upstream, JSON or YAML (required)")
	fail := flag.Bool("fail", false, "exit 1 when the documents differ")
	flag.Parse()
	if *ours == "" || *theirs == "" {
		flag.Usage()
		os.Exit(2)
	}
	n, err := run(os.Stdout, *ours, *theirs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "speccompare:", err)
		os.Exit(2)
	}
	if n > 0 && *fail {
		os.Exit(1)
	}
}

func run(w io.Writer, oursPath, theirsPath string) (int, error) {
	ours, err := load(oursPath)
	if err != nil {
		return 0, err
	}
	theirs, err := load(theirsPath)
	if err != nil {
		return 0, err
	}
	diffs := subset.CompareDocuments(ours, theirs)
	for _, d := range diffs {
		fmt.Fprintln(w, d)
	}
	fmt.Fprintf(w, "speccompare: %d structural differences between %s (ours) and %s (theirs)\n", len(diffs), oursPath, theirsPath)
	return len(diffs), nil
}

func load(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if b, err = subset.ToJSON(b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return subset.Decode(b)
}
