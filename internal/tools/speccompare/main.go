// Command speccompare prints the structural differences between our
// contract and a subset cut from upstream (make sync-cohesity): every path,
// operation and component of ours against the same one of theirs, by the
// keywords that shape the wire and the generated code (types, formats,
// enums, required, nullable, property names, $ref targets), not prose.
//
// Usage:
//
//	go run ./internal/tools/speccompare -ours specs/cohesity/openapi.json -theirs cut.json \
//		[-known specs/cohesity/upstream-differences.txt]
//
// With -known, each difference is marked documented or NEW, and documented
// ones no longer found are listed. It exits 0 whatever it finds (the sync
// targets print, the reviewer decides), 1 when -fail is set and something
// new differs (or, without -known, anything), 2 on bad input.
package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

func main() {
	ours := flag.String("ours", "", "our OpenAPI document, JSON (required)")
	theirs := flag.String("theirs", "", "the subset cut from upstream, JSON or YAML (required)")
	known := flag.String("known", "", "documented differences, \"POINTER REASON\" a line")
	fail := flag.Bool("fail", false, "exit 1 when the documents differ in an undocumented way")
	flag.Parse()
	if *ours == "" || *theirs == "" {
		flag.Usage()
		os.Exit(2)
	}
	n, err := run(os.Stdout, *ours, *theirs, *known)
	if err != nil {
		fmt.Fprintln(os.Stderr, "speccompare:", err)
		os.Exit(2)
	}
	if n > 0 && *fail {
		os.Exit(1)
	}
}

// run prints the differences and returns how many are not documented.
func run(w io.Writer, oursPath, theirsPath, knownPath string) (int, error) {
	ours, err := load(oursPath)
	if err != nil {
		return 0, err
	}
	theirs, err := load(theirsPath)
	if err != nil {
		return 0, err
	}
	known, err := loadKnown(knownPath)
	if err != nil {
		return 0, err
	}
	diffs := subset.CompareDocuments(ours, theirs)
	seen := map[string]bool{}
	undocumented := 0
	for _, d := range diffs {
		seen[d.Pointer] = true
		switch {
		case known == nil:
			fmt.Fprintln(w, d)
			undocumented++
		case known[d.Pointer] != "":
			fmt.Fprintf(w, "documented: %s\n", d)
		default:
			fmt.Fprintf(w, "NEW: %s\n", d)
			undocumented++
		}
	}
	for _, p := range slices.Sorted(maps.Keys(known)) {
		if !seen[p] {
			fmt.Fprintf(w, "GONE: %s (%s) no longer differs: remove it from %s\n", p, known[p], knownPath)
		}
	}
	fmt.Fprintf(w, "speccompare: %d structural differences between %s (ours) and %s (theirs)", len(diffs), oursPath, theirsPath)
	if known != nil {
		fmt.Fprintf(w, ", %d of them not in %s", undocumented, knownPath)
	}
	fmt.Fprintln(w)
	return undocumented, nil
}

func loadKnown(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read only: Close has nothing to report
	return subset.ParseKnown(f)
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
