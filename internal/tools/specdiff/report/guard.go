package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Guard compares specs/ at the git revision ref with the working tree of
// the repository at root and reports, per vendor whose contract changed,
// every change, with the accepted ones marked. Vendors without a change
// are left out, so a commit that touches no spec runs no oasdiff.
func Guard(ctx context.Context, root, ref string, run Runner) ([]*Report, error) {
	acc, err := LoadAccepted(filepath.Join(root, AcceptedFile))
	if err != nil {
		return nil, err
	}
	changed, err := git(ctx, root, "diff", "--name-only", ref, "--", "specs/")
	if err != nil {
		return nil, err
	}
	vendors := map[string]bool{}
	for _, f := range strings.Fields(string(changed)) {
		parts := strings.Split(f, "/")
		if len(parts) == 3 && (strings.HasSuffix(f, "/openapi.json") || strings.HasSuffix(f, ".schema.json")) {
			vendors[parts[1]] = true
		}
	}
	var names []string
	for v := range vendors {
		names = append(names, v)
	}
	sort.Strings(names)
	var reports []*Report
	for _, v := range names {
		in, err := guardInput(ctx, root, ref, v)
		if err != nil {
			return nil, err
		}
		if in == nil {
			continue
		}
		in.Run = run
		r, err := Diff(ctx, *in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v, err)
		}
		acc.Apply(r)
		reports = append(reports, r)
	}
	return reports, nil
}

// guardInput reads vendor's contract at ref and in the working tree:
// specs/<vendor>/openapi.json, or for GitLab its JSON Schema files wrapped
// as OpenAPI. specs/canonical is our own canonical schema, not a vendor's.
func guardInput(ctx context.Context, root, ref, vendor string) (*Input, error) {
	if vendor == "canonical" {
		return nil, nil
	}
	in := &Input{Vendor: vendor, BaseName: ref + ":specs/" + vendor, RevisionName: "specs/" + vendor}
	m, err := LoadMapping(root, vendor)
	if err != nil {
		return nil, err
	}
	in.Mapping = m
	if vendor == "gitlab" {
		// GitLab's openapi.json (3.1) refers to its schema files, which
		// oasdiff follows: both sides get them beside the document.
		in.BaseFiles, in.RevisionFiles = map[string][]byte{}, map[string][]byte{}
		for file := range gitlabComponents {
			p := "specs/gitlab/" + file
			if b, err := git(ctx, root, "show", ref+":"+p); err == nil {
				in.BaseFiles[file] = b
			}
			if b, err := os.ReadFile(filepath.Join(root, p)); err == nil {
				in.RevisionFiles[file] = b
			}
		}
	}
	p := "specs/" + vendor + "/openapi.json"
	if in.Base, err = git(ctx, root, "show", ref+":"+p); err != nil {
		in.Base = []byte(`{"openapi":"3.0.3","info":{"title":"none","version":"0"},"paths":{}}`)
	}
	in.Revision, err = os.ReadFile(filepath.Join(root, p))
	if os.IsNotExist(err) {
		in.Revision, err = []byte(`{"openapi":"3.0.3","info":{"title":"none","version":"0"},"paths":{}}`), nil
	}
	return in, err
}

func git(ctx context.Context, root string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out, nil
}
