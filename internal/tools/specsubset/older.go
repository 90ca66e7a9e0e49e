package main

import (
	"fmt"
	"os"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// keepNewer decides whether cut, of an older version than the committed
// cut previous, must not replace it (kept). It then reports every
// difference with its reason from the absorbed list, and fails on one the
// list does not name or an entry that no longer differs.
func keepNewer(cut, previous []byte, absorbedPath string) (kept bool, err error) {
	if len(previous) == 0 {
		return false, nil
	}
	older, err := subset.Decode(cut)
	if err != nil {
		return false, err
	}
	current, err := subset.Decode(previous)
	if err != nil {
		return false, err
	}
	o, ok1 := subset.Version(older)
	c, ok2 := subset.Version(current)
	if !ok1 || !ok2 || o >= c {
		return false, nil
	}
	f, err := os.Open(absorbedPath)
	if err != nil {
		return true, err
	}
	defer f.Close() //nolint:errcheck // read only
	abs, err := subset.ParseAbsorbed(f)
	if err != nil {
		return true, err
	}
	rep := subset.CompareVersions(current, older, abs)
	printReport(rep, absorbedPath)
	if n := rep.Unabsorbed(); n > 0 || len(rep.Stale) > 0 {
		return true, fmt.Errorf("%s: %d difference(s) not absorbed, %d stale entr(y/ies) in %s; nothing written — absorb each in the client and list it, or cut %s deliberately without -absorbed",
			rep.Older, n, len(rep.Stale), absorbedPath, rep.Older)
	}
	return true, nil
}

func printReport(rep *subset.VersionReport, absorbedPath string) {
	fmt.Fprintf(os.Stderr, "specsubset: upstream is %s, older than the committed %s cut: kept it (one client serves v6-v8; the version prefix is chosen at run time)\n", rep.Older, rep.Current)
	fmt.Fprintf(os.Stderr, "specsubset: %s differs from the %s cut at %d place(s), %d absorbed (%s):\n", rep.Older, rep.Current, len(rep.Differences), len(rep.Differences)-rep.Unabsorbed(), absorbedPath)
	for _, d := range rep.Differences {
		if d.Reason != "" {
			fmt.Fprintf(os.Stderr, "  absorbed  %s: %s\n", d.Pointer, d.Reason)
		}
	}
	for _, d := range rep.Differences {
		if d.Reason == "" {
			fmt.Fprintf(os.Stderr, "  NOT ABSORBED  %s: %s %s, %s %s\n", d.Pointer, rep.Current, d.Ours, rep.Older, d.Theirs)
		}
	}
	for _, p := range rep.Stale {
		fmt.Fprintf(os.Stderr, "  STALE  %s is listed for %s but no longer differs\n", p, rep.Older)
	}
}
