package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/devicecode/devicecode/internal/tools/specdiff/report"
	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// compare builds the report of one vendor from -upstream or -revision.
func compare(ctx context.Context, o options) (*report.Report, error) {
	if o.vendor == "" || (o.upstream == "") == (o.revision == "") {
		return nil, errors.New("want -vendor and exactly one of -upstream and -revision (or -guard REF)")
	}
	m, err := report.LoadMapping(o.root, o.vendor)
	if err != nil {
		return nil, err
	}
	in := report.Input{Vendor: o.vendor, Mapping: m}
	if o.vendor == "gitlab" {
		err = gitlabInput(o, &in)
	} else {
		err = openAPIInput(ctx, o, &in)
	}
	if err != nil {
		return nil, err
	}
	r, err := report.Diff(ctx, in)
	if err != nil {
		return nil, err
	}
	if o.vendor == "gitlab" {
		ours, err := readSchemas(filepath.Join(o.root, "specs", "gitlab"))
		if err != nil {
			return nil, err
		}
		report.OursRequires(r, ours)
	}
	acc, err := report.LoadAccepted(filepath.Join(o.root, report.AcceptedFile))
	if err != nil {
		return nil, err
	}
	acc.Apply(r)
	return r, nil
}

func openAPIInput(ctx context.Context, o options, in *report.Input) (err error) {
	in.BaseName = o.base
	if in.BaseName == "" {
		in.BaseName = filepath.Join("specs", o.vendor, "openapi.json")
	}
	if in.Base, err = os.ReadFile(filepath.Join(o.root, in.BaseName)); err != nil {
		return err
	}
	if o.revision != "" {
		in.RevisionName = o.revision
		in.Revision, err = os.ReadFile(o.revision)
		return err
	}
	opsFile := o.ops
	if opsFile == "" {
		opsFile = filepath.Join(o.root, "specs", o.vendor, "operations.txt")
	}
	f, err := os.Open(opsFile)
	if err != nil {
		return fmt.Errorf("-upstream needs an operation list to cut with: %w", err)
	}
	defer f.Close() //nolint:errcheck // read only
	ops, err := subset.ParseOperations(f)
	if err != nil {
		return err
	}
	up, err := os.ReadFile(o.upstream)
	if err != nil {
		return err
	}
	veeam := o.vendor == "veeam"
	cut, err := report.CutSubset(ctx, up, in.Base, ops, subset.Options{AnyToJSON: o.anyToJSON || veeam, StripVersion: o.stripVersion || veeam})
	if err != nil {
		return err
	}
	in.RevisionName = "cut of " + o.upstream
	in.Revision, in.Moved, in.Gone = cut.JSON, cut.Moved, cut.Gone
	in.Note = olderNote(o.vendor, cut.Upstream, cut.Committed)
	return nil
}

// olderNote says, when upstream is older than the committed cut, that the
// sync keeps the cut: the report then lists how an older server differs,
// which the absorbed list accounts for, not what regenerating would change.
func olderNote(vendor string, upstream, committed int) string {
	if upstream == 0 || upstream >= committed {
		return ""
	}
	return fmt.Sprintf("Upstream is v%d, older than the committed v%d cut: make sync-%s keeps the v%d cut and checks each difference against specs/%s/absorbed.txt. "+
		"The changes below are how a v%d server differs from v%d, not changes to the generated client.",
		upstream, committed, vendor, committed, vendor, upstream, committed)
}

// gitlabInput compares two sets of GitLab JSON Schema bodies: -upstream
// (a file or a directory) with -base (default the pinned upstream
// directory in the shared material), matched by role; with a single file
// only that body is compared.
func gitlabInput(o options, in *report.Input) (err error) {
	rev := o.upstream
	if rev == "" {
		rev = o.revision
	}
	base := o.base
	if base == "" {
		shared := os.Getenv("DEVICECODE_SHARED")
		if shared == "" {
			shared = filepath.Join(o.root, "..", "shared")
		}
		base = filepath.Join(shared, "vendor-specs", "gitlab", "json-schema")
	}
	revs, err := readSchemas(rev)
	if err != nil {
		return err
	}
	bases, err := readSchemas(base)
	if err != nil {
		return err
	}
	for role := range bases {
		if _, ok := revs[role]; !ok {
			delete(bases, role) // compare like with like
		}
	}
	in.BaseName, in.RevisionName = base, rev
	if in.Base, err = report.WrapGitLab(bases); err != nil {
		return err
	}
	in.Revision, err = report.WrapGitLab(revs)
	return err
}

func readSchemas(path string) (map[string][]byte, error) {
	files := []string{path}
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if st.IsDir() {
		if files, err = filepath.Glob(filepath.Join(path, "*.json")); err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	out := map[string][]byte{}
	for _, f := range files {
		role := report.GitLabRole(f)
		if role == "" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out[role] = b
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no GitLab schema (%s)", path, strings.Join(report.GitLabRoles(), ", "))
	}
	return out, nil
}
