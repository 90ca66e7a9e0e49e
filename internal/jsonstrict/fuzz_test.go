package jsonstrict

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDuplicateFoldAll: folding at every depth finds everything the
// exact and top-level scans find, and its pointer is well formed.
func FuzzDuplicateFoldAll(f *testing.F) {
	for _, s := range []string{
		`{"list":[{"clientSecret":"a","CLIENTSECRET":"b"}]}`,
		`{"results":[{"applicationId":"a"},{"applicationId":"a"}]}`,
		`{"a":{"\u212a":1,"k":2}}`, `{"a":{"ſ":1,"S":2}}`,
		`{"a":1,"A":2}`, `[{"x":1},{"X":1}]`, `{"a/b~":{"c":1,"C":2}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ptr, all := duplicateFoldAll(b)
		_, exact := Duplicate(b)
		_, top := duplicateFold(b)
		if (exact || top) && !all {
			t.Fatalf("folding at every depth missed a duplicate (exact %v, top %v)", exact, top)
		}
		if all && (ptr == "" || ptr[0] != '/') {
			t.Fatalf("bad pointer %q", ptr)
		}
		if all && !exact && !top && json.Valid(b) {
			// A nested duplicate in letter case only: a struct would
			// keep the last, so the scan must point below the top.
			if strings.Count(ptr, "/") < 2 {
				t.Fatalf("pointer %q for a nested duplicate", ptr)
			}
		}
	})
}
