package subset

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// versionRE is the form of a version that VB365 also uses as its path
// prefix: info.version "v8" and paths "/v8/…".
var versionRE = regexp.MustCompile(`^v[0-9]+$`)

// VersionError reports a document whose version cannot be stripped.
type VersionError struct {
	Reason string
}

func (e *VersionError) Error() string { return "subset: -strip-version: " + e.Reason }

// StripVersion is the second transformation the tool may apply (flag
// -strip-version). VB365 writes its API version into every path
// (/v6/token, /v7/token, …) although the operations are the same; a client
// generated from prefixed paths is bound to one version. StripVersion takes
// the prefix from info.version ("v8" → "/v8"), re-keys every path that
// starts with it to the rest ("/v8/token" → "/token") and drops the paths
// that do not (other versions' leftovers, if any), so that one operation
// list names the same operations in every version and the client chooses
// the prefix at run time. It returns the prefix.
func StripVersion(doc map[string]any) (string, error) {
	version, _ := asObj(doc["info"])["version"].(string)
	if !versionRE.MatchString(version) {
		return "", &VersionError{Reason: fmt.Sprintf("info.version %q is not of the form vN", version)}
	}
	prefix := "/" + version
	paths := asObj(doc["paths"])
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	out := map[string]any{}
	for _, p := range keys {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok || !strings.HasPrefix(rest, "/") {
			continue
		}
		out[rest] = paths[p]
	}
	if len(out) == 0 {
		return "", &VersionError{Reason: fmt.Sprintf("no path starts with %s/", prefix)}
	}
	doc["paths"] = out
	return prefix, nil
}
