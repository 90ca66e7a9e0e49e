package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// entry ties a file we use to its names upstream. Pinned is the name the
// shared material (vendor-specs/gitlab), the conformance tests and
// specs/gitlab/SOURCE.md use; Current is where upstream keeps it now; Was
// lists the names it had before, newest first.
type entry struct {
	Pinned  string
	Current string
	Was     []string
}

// names lists every name the file is known by, current first.
func (e entry) names() []string {
	return append([]string{e.Current}, e.Was...)
}

// parseMapping reads specs/gitlab/upstream-files.txt: one file a line,
// "PINNED CURRENT [WAS...]", paths relative to the upstream repository's
// root; blank lines and everything after '#' are ignored.
func parseMapping(r io.Reader) ([]entry, error) {
	var entries []entry
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("mapping line %d: want \"PINNED CURRENT [WAS...]\", got %q", n, strings.TrimSpace(line))
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("mapping line %d: %s listed twice", n, f[0])
		}
		seen[f[0]] = true
		entries = append(entries, entry{Pinned: f[0], Current: f[1], Was: f[2:]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading mapping: %w", err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("mapping lists no file")
	}
	return entries, nil
}
