package subset_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// An older version's cut is compared both ways with the newer one: a
// member only the newer has, one only the older has, and a changed value
// are each one difference, classified by the absorbed list; a listed
// pointer that no longer differs is stale.
func TestCompareVersions(t *testing.T) {
	newer := decodeJSON(t, `{"info":{"version":"v8"},"paths":{},"components":{"schemas":{"S":{"type":"object","properties":{"a":{"type":"string"},"new":{"type":"string"}}}}}}`)
	older := decodeJSON(t, `{"info":{"version":"v7"},"paths":{},"components":{"schemas":{"S":{"type":"object","properties":{"a":{"type":"integer"},"gone":{"type":"string"}}}}}}`)
	abs, err := subset.ParseAbsorbed(strings.NewReader("# comment\n" +
		"v6,v7 /components/schemas/S/properties/new v8 only: never sent\n" +
		"v7 /components/schemas/S/properties/gone v7 only: never read\n" +
		"v7 /components/schemas/S/properties/fixed listed but no longer differing\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep := subset.CompareVersions(newer, older, abs)
	var got []string
	for _, d := range rep.Differences {
		got = append(got, d.Pointer+" ["+d.Reason+"] ours "+d.Ours+" theirs "+d.Theirs)
	}
	want := []string{
		`/components/schemas/S/properties/a/type [] ours "string" theirs "integer"`,
		`/components/schemas/S/properties/gone [v7 only: never read] ours (absent) theirs {"type":"string"}`,
		`/components/schemas/S/properties/new [v8 only: never sent] ours {"type":"string"} theirs (absent)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Unabsorbed() != 1 || len(rep.Stale) != 1 || rep.Stale[0] != "/components/schemas/S/properties/fixed" {
		t.Errorf("unabsorbed %d, stale %v", rep.Unabsorbed(), rep.Stale)
	}
	if rep.Current != "v8" || rep.Older != "v7" {
		t.Errorf("versions %s, %s", rep.Current, rep.Older)
	}
}

func TestParseAbsorbedErrors(t *testing.T) {
	for _, in := range []string{"v7 /p\n", "7 /p reason\n", "v7 /p a\nv6,v7 /p b\n"} {
		if _, err := subset.ParseAbsorbed(strings.NewReader(in)); err == nil {
			t.Errorf("ParseAbsorbed(%q) succeeded", in)
		}
	}
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
