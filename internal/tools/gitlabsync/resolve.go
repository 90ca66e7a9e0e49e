package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// found is an entry located upstream: Path is the file, Name the name it
// was found under (Current, or one of Was: upstream went back to it).
type found struct {
	entry
	Path, Name string
}

// missing is an entry upstream has under none of its names, with the
// upstream files whose names are closest to its current one.
type missing struct {
	entry
	Candidates []string
}

// resolveDir finds every entry under root, an upstream checkout or a copy
// of its layout.
func resolveDir(root string, entries []entry) ([]found, []missing, error) {
	var got []found
	var lost []missing
	var all []string
	for _, e := range entries {
		if f, ok := locate(root, e); ok {
			got = append(got, f)
			continue
		}
		if all == nil {
			var err error
			if all, err = listFiles(root); err != nil {
				return nil, nil, err
			}
		}
		lost = append(lost, missing{e, closest(e.Current, all, 3)})
	}
	return got, lost, nil
}

func locate(root string, e entry) (found, bool) {
	for _, name := range e.names() {
		p := filepath.Join(root, filepath.FromSlash(name))
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return found{e, p, name}, true
		}
	}
	return found{}, false
}

// resolveFile matches one upstream file to the entry it is, by base name
// (a maintainer passes a single downloaded file).
func resolveFile(file string, entries []entry) (found, bool) {
	base := filepath.Base(file)
	for _, e := range entries {
		for _, name := range e.names() {
			if path.Base(name) == base {
				return found{e, file, name}, true
			}
		}
	}
	return found{}, false
}

func listFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

// closest returns the n names of all most like name: most words of the
// name in common (split at every non-letter, non-digit), then the same
// directory, then alphabetical. Names sharing no word are not candidates.
func closest(name string, all []string, n int) []string {
	type scored struct {
		name  string
		score float64
	}
	want := words(name)
	var c []scored
	for _, a := range all {
		s := jaccard(want, words(a))
		if s == 0 {
			continue
		}
		if path.Dir(a) == path.Dir(name) {
			s += 0.01
		}
		c = append(c, scored{a, s})
	}
	slices.SortStableFunc(c, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.name, y.name)
	})
	var out []string
	for i := 0; i < len(c) && i < n; i++ {
		out = append(out, c[i].name)
	}
	return out
}

func words(name string) map[string]bool {
	w := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		w[f] = true
	}
	return w
}

func jaccard(a, b map[string]bool) float64 {
	common := 0
	for k := range a {
		if b[k] {
			common++
		}
	}
	union := len(a) + len(b) - common
	if union == 0 {
		return 0
	}
	return float64(common) / float64(union)
}
