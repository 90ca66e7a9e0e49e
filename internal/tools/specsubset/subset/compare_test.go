package subset_test

import (
	"reflect"
	"testing"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

func mustDecode(t *testing.T, s string) map[string]any {
	t.Helper()
	m, err := subset.Decode([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCompareSchemas(t *testing.T) {
	base := `{"type":"object","required":["a","b"],"properties":{"a":{"type":"integer","format":"int64","readOnly":true},"b":{"$ref":"#/components/schemas/B"}}}`
	tests := []struct {
		name  string
		other string
		want  []subset.Difference
	}{
		{"identical", base, nil},
		{"prose and examples ignored",
			`{"description":"x","type":"object","required":["b","a"],"properties":{"a":{"type":"integer","format":"int64","readOnly":true,"example":1,"description":"y"},"b":{"$ref":"#/components/schemas/B"}},"x-veeam-map-to":"z"}`,
			nil},
		{"type changed",
			`{"type":"object","required":["a","b"],"properties":{"a":{"type":"string","format":"int64","readOnly":true},"b":{"$ref":"#/components/schemas/B"}}}`,
			[]subset.Difference{{Pointer: "/properties/a/type", Ours: `"integer"`, Theirs: `"string"`}}},
		{"property renamed",
			`{"type":"object","required":["a","b"],"properties":{"a":{"type":"integer","format":"int64","readOnly":true},"c":{"$ref":"#/components/schemas/B"}}}`,
			[]subset.Difference{
				{Pointer: "/properties/b", Ours: `{"$ref":"#/components/schemas/B"}`, Theirs: subset.Absent},
				{Pointer: "/properties/c", Ours: subset.Absent, Theirs: `{"$ref":"#/components/schemas/B"}`},
			}},
		{"ref target and readOnly",
			`{"type":"object","required":["a","b"],"properties":{"a":{"type":"integer","format":"int64"},"b":{"$ref":"#/components/schemas/C"}}}`,
			[]subset.Difference{
				{Pointer: "/properties/a/readOnly", Ours: "true", Theirs: subset.Absent},
				{Pointer: "/properties/b/$ref", Ours: `"#/components/schemas/B"`, Theirs: `"#/components/schemas/C"`},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := subset.CompareSchemas(mustDecode(t, base), mustDecode(t, tc.other))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestCompareDocumentsEnumeratesOursOnly(t *testing.T) {
	ours := mustDecode(t, `{"paths":{"/a":{"post":{"operationId":"A","responses":{"200":{"description":"OK"}}}}},"components":{"schemas":{"S":{"type":"string"}}}}`)
	theirs := mustDecode(t, `{"paths":{"/a":{"get":{},"post":{"operationId":"A","summary":"s","responses":{"200":{"description":"Fine"}}}},"/b":{}},"components":{"schemas":{"S":{"type":"string"},"T":{}}}}`)
	if d := subset.CompareDocuments(ours, theirs); d != nil {
		t.Errorf("unexpected differences: %v", d)
	}
	theirs = mustDecode(t, `{"paths":{},"components":{"schemas":{"S":{"type":"integer"}}}}`)
	want := []subset.Difference{
		{Pointer: "/paths/~1a", Ours: "(path item)", Theirs: subset.Absent},
		{Pointer: "/components/schemas/S/type", Ours: `"string"`, Theirs: `"integer"`},
	}
	if got := subset.CompareDocuments(ours, theirs); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// Path-level parameters apply to every operation of the path: dropping
// upstream's from ours changes the operations' shape even though ours no
// longer mentions them, so they must be compared from both sides.
func TestCompareDocumentsPathParameters(t *testing.T) {
	const op = `"post":{"operationId":"A","responses":{"200":{"description":"OK"}}}`
	param := `"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}]`
	ours := mustDecode(t, `{"paths":{"/a/{id}":{`+op+`}}}`)
	theirs := mustDecode(t, `{"paths":{"/a/{id}":{`+param+`,`+op+`}}}`)
	want := []subset.Difference{{Pointer: "/paths/~1a~1{id}/parameters", Ours: subset.Absent,
		Theirs: `[{"in":"path","name":"id","required":true,"schema":{"type":"string"}}]`}}
	if got := subset.CompareDocuments(ours, theirs); !reflect.DeepEqual(got, want) {
		t.Errorf("dropped path-level parameters: got %v\nwant %v", got, want)
	}
	if got := subset.CompareDocuments(theirs, ours); len(got) != 1 || got[0].Pointer != want[0].Pointer {
		t.Errorf("added path-level parameters: got %v", got)
	}
}
