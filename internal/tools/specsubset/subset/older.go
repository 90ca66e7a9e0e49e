package subset

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Absorbed lists the known differences between an older upstream version's
// cut and the committed cut of a newer one, each with how the client
// absorbs it (specs/veeam/absorbed.txt). One line per difference:
// "VERSIONS POINTER REASON", VERSIONS comma-separated ("v6,v7"), POINTER a
// JSON Pointer as CompareDocuments writes it; '#' starts a comment line.
type Absorbed map[string]map[string]string // version → pointer → reason

// ParseAbsorbed reads an Absorbed list.
func ParseAbsorbed(r io.Reader) (Absorbed, error) {
	abs := Absorbed{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("subset: absorbed line %d: want \"VERSIONS POINTER REASON\"", n)
		}
		for _, v := range strings.Split(f[0], ",") {
			if !versionRE.MatchString(v) {
				return nil, fmt.Errorf("subset: absorbed line %d: version %q is not of the form vN", n, v)
			}
			if abs[v] == nil {
				abs[v] = map[string]string{}
			}
			if _, dup := abs[v][f[1]]; dup {
				return nil, fmt.Errorf("subset: absorbed line %d: %s %s listed twice", n, v, f[1])
			}
			abs[v][f[1]] = strings.Join(f[2:], " ")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("subset: reading the absorbed list: %w", err)
	}
	return abs, nil
}

// VersionDifference is one place where an older version's cut differs
// from the committed one, with the Absorbed reason ("" when unlisted).
type VersionDifference struct {
	Difference        // Ours: the committed cut; Theirs: the older version's
	Reason     string // how the client absorbs it; "" means it does not
}

// VersionReport is what CompareVersions finds.
type VersionReport struct {
	Current, Older string // info.version of each, e.g. "v8", "v6"
	Differences    []VersionDifference
	Stale          []string // listed for Older but no longer a difference
}

// Unabsorbed counts the differences without a reason.
func (r *VersionReport) Unabsorbed() int {
	n := 0
	for _, d := range r.Differences {
		if d.Reason == "" {
			n++
		}
	}
	return n
}

// Version is a document's info.version when it is of the form vN: its N.
func Version(doc map[string]any) (int, bool) {
	v, _ := asObj(doc["info"])["version"].(string)
	if !versionRE.MatchString(v) {
		return 0, false
	}
	n, err := strconv.Atoi(v[1:])
	return n, err == nil
}

// CompareVersions compares, both ways, the committed cut of a newer
// version with the cut of an older one (both made with the same options)
// and classifies each difference by abs.
func CompareVersions(current, older map[string]any, abs Absorbed) *VersionReport {
	r := &VersionReport{}
	r.Current, _ = asObj(current["info"])["version"].(string)
	r.Older, _ = asObj(older["info"])["version"].(string)
	byPointer := map[string]Difference{}
	for _, d := range CompareDocuments(current, older) {
		byPointer[d.Pointer] = d
	}
	for _, d := range CompareDocuments(older, current) {
		if _, ok := byPointer[d.Pointer]; !ok {
			byPointer[d.Pointer] = Difference{Pointer: d.Pointer, Ours: d.Theirs, Theirs: d.Ours}
		}
	}
	listed := abs[r.Older]
	for _, p := range sortedKeys(byPointer) {
		r.Differences = append(r.Differences, VersionDifference{Difference: byPointer[p], Reason: listed[p]})
	}
	for p := range listed {
		if _, ok := byPointer[p]; !ok {
			r.Stale = append(r.Stale, p)
		}
	}
	sort.Strings(r.Stale)
	return r
}
