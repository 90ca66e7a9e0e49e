// Command gitlabsync takes the GitLab upstream files we use from their
// current names in the api-evangelist/gitlab repository (or a copy of its
// layout), reports a file that upstream no longer has under any of its known
// names with the closest-named candidates, and stages the files under the
// names our conformance tests read, so that `make sync-gitlab` can run those
// tests on them. specs/gitlab/upstream-files.txt holds the names.
//
// Usage:
//
//	go run ./internal/tools/gitlabsync -upstream DIR|FILE [-base DIR] \
//		-map specs/gitlab/upstream-files.txt -source specs/gitlab/SOURCE.md -stage DIR
//
// With a FILE, that one file replaces the entry with its base name and the
// others come from -base. Exit status 1 when a file is missing upstream.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

type options struct {
	upstream, base, mapping, source, stage string
}

func main() {
	var o options
	flag.StringVar(&o.upstream, "upstream", "", "upstream checkout (directory) or one upstream file (required)")
	flag.StringVar(&o.base, "base", "", "with a file -upstream: where the other files are (a checkout or vendor-specs/gitlab)")
	flag.StringVar(&o.mapping, "map", "specs/gitlab/upstream-files.txt", "the file names: pinned, current, former")
	flag.StringVar(&o.source, "source", "specs/gitlab/SOURCE.md", "provenance whose sha256 table says which files changed")
	flag.StringVar(&o.stage, "stage", "", "directory to copy the files into, as vendor-specs/gitlab/<pinned name> (required)")
	flag.Parse()
	if o.upstream == "" || o.stage == "" {
		flag.Usage()
		os.Exit(2)
	}
	ok, err := run(os.Stdout, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gitlabsync:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

// run resolves, reports and stages; ok is false when a file is missing.
func run(w io.Writer, o options) (bool, error) {
	f, err := os.Open(o.mapping)
	if err != nil {
		return false, err
	}
	entries, err := parseMapping(f)
	_ = f.Close() // read only
	if err != nil {
		return false, fmt.Errorf("%s: %w", o.mapping, err)
	}
	got, lost, err := resolve(o, entries)
	if err != nil {
		return false, err
	}
	pins, err := os.ReadFile(o.source)
	if err != nil {
		return false, err
	}
	for _, g := range got {
		if err := stage(o.stage, g); err != nil {
			return false, err
		}
		if err := reportFound(w, g, string(pins)); err != nil {
			return false, err
		}
	}
	for _, m := range lost {
		reportMissing(w, m, o.mapping)
	}
	fmt.Fprintf(w, "gitlabsync: %d of %d files found, staged under %s\n", len(got), len(entries), o.stage)
	return len(lost) == 0, nil
}

// resolve finds the entries in a directory, or one in a file and the rest
// in -base.
func resolve(o options, entries []entry) ([]found, []missing, error) {
	st, err := os.Stat(o.upstream)
	if err != nil {
		return nil, nil, err
	}
	if st.IsDir() {
		return resolveDir(o.upstream, entries)
	}
	one, ok := resolveFile(o.upstream, entries)
	if !ok {
		return nil, nil, fmt.Errorf("%s is none of the files %s names (by base name)", o.upstream, o.mapping)
	}
	if o.base == "" {
		return nil, nil, fmt.Errorf("a single -upstream file needs -base for the other files")
	}
	got, lost, err := resolveDir(o.base, entries)
	for i := range got {
		if got[i].Pinned == one.Pinned {
			got[i] = one
		}
	}
	return got, lost, err
}
