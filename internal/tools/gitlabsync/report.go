package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// reportFound prints where an entry was found and whether its content is
// the one SOURCE.md pins (its sha256 is recorded there).
func reportFound(w io.Writer, g found, pins string) error {
	b, err := os.ReadFile(g.Path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	how := "under its current name"
	if g.Name != g.Current {
		how = "under its former name " + g.Name + " (upstream went back to it? update the mapping)"
	}
	state := "CHANGED: sha256 " + h + " is not in SOURCE.md"
	if strings.Contains(pins, h) {
		state = "unchanged (SOURCE.md pins sha256 " + h[:12] + "…)"
	}
	fmt.Fprintf(w, "gitlabsync: %s: found %s, %s\n", g.Pinned, how, state)
	return nil
}

// reportMissing names the file, every name it had, and the candidates.
func reportMissing(w io.Writer, m missing, mapping string) {
	fmt.Fprintf(w, "gitlabsync: %s: MISSING upstream under %s — renamed or removed upstream?\n", m.Pinned, strings.Join(m.names(), ", "))
	if len(m.Candidates) == 0 {
		fmt.Fprintln(w, "gitlabsync:   no upstream file has a similar name")
		return
	}
	fmt.Fprintf(w, "gitlabsync:   closest upstream names: %s\n", strings.Join(m.Candidates, ", "))
	fmt.Fprintf(w, "gitlabsync:   if it is one of them, make it the current name in %s (the old one moves to the end of the line) and run again\n", mapping)
}

// stage copies a found file to dir/vendor-specs/gitlab/<pinned name>, the
// layout the conformance tests read through DEVICECODE_SHARED.
func stage(dir string, g found) error {
	b, err := os.ReadFile(g.Path)
	if err != nil {
		return err
	}
	dst := filepath.Join(dir, "vendor-specs", "gitlab", filepath.FromSlash(g.Pinned))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
