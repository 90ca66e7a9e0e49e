package subset

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Difference is one structural mismatch between two OpenAPI documents.
type Difference struct {
	Pointer string // JSON Pointer into both documents
	Ours    string // compact JSON, or Absent
	Theirs  string // compact JSON, or Absent
}

// Absent marks the side of a Difference that lacks the value.
const Absent = "(absent)"

func (d Difference) String() string {
	return fmt.Sprintf("%s: ours %s, theirs %s", d.Pointer, d.Ours, d.Theirs)
}

// CompareDocuments checks that every path, operation, path parameter and
// component of ours is structurally identical to the same one in theirs.
// Only ours is enumerated: theirs may hold more (ours is a subset).
func CompareDocuments(ours, theirs map[string]any) []Difference {
	var diffs []Difference
	tp := asObj(theirs["paths"])
	for _, path := range sortedKeys(asObj(ours["paths"])) {
		diffs = append(diffs, comparePathItem("/paths/"+EscapePointer(path), asObj(asObj(ours["paths"])[path]), asObj(tp[path]))...)
	}
	tc := asObj(theirs["components"])
	oc := asObj(ours["components"])
	for _, kind := range sortedKeys(oc) {
		project, ok := projectComponent[kind]
		if !ok {
			diffs = append(diffs, Difference{"/components/" + kind, "unsupported component kind", Absent})
			continue
		}
		for _, name := range sortedKeys(asObj(oc[kind])) {
			ptr := "/components/" + kind + "/" + EscapePointer(name)
			diffs = append(diffs, compareProjected(ptr, asObj(oc[kind])[name], asObj(tc[kind])[name], project)...)
		}
	}
	return diffs
}

func comparePathItem(ptr string, ours, theirs obj) []Difference {
	if theirs == nil {
		return []Difference{{ptr, "(path item)", Absent}}
	}
	var diffs []Difference
	for _, k := range sortedKeys(ours) {
		if methods[strings.ToUpper(k)] {
			diffs = append(diffs, compareProjected(ptr+"/"+k, ours[k], theirs[k], projectOperation)...)
		}
	}
	// Path-level parameters apply to every operation of the path, so they
	// are compared from both sides: upstream's dropped from ours is a
	// difference too, although ours no longer mentions them.
	return append(diffs, compareProjected(ptr+"/parameters", ours["parameters"], theirs["parameters"], func(v any) any {
		return projectList(asList(v), projectParameter)
	})...)
}

// CompareSchemas compares two schemas structurally; pointers are relative
// to the schemas.
func CompareSchemas(ours, theirs any) []Difference {
	return compareProjected("", ours, theirs, projectSchema)
}

func compareProjected(ptr string, ours, theirs any, project func(any) any) []Difference {
	if ours == nil || theirs == nil {
		if ours == nil && theirs == nil {
			return nil
		}
		return []Difference{{ptr, present(ours), present(theirs)}}
	}
	return Diff(ptr, project(ours), project(theirs))
}

func present(v any) string {
	if v == nil {
		return Absent
	}
	return compact(v)
}

// Diff lists every difference between two decoded JSON values, recursing
// into objects key by key and into arrays of equal length element by
// element.
func Diff(ptr string, ours, theirs any) []Difference {
	om, ok1 := ours.(obj)
	tm, ok2 := theirs.(obj)
	if ok1 && ok2 {
		return diffObjects(ptr, om, tm)
	}
	ol, ok1 := ours.([]any)
	tl, ok2 := theirs.([]any)
	if ok1 && ok2 && len(ol) == len(tl) {
		var diffs []Difference
		for i := range ol {
			diffs = append(diffs, Diff(fmt.Sprintf("%s/%d", ptr, i), ol[i], tl[i])...)
		}
		return diffs
	}
	if reflect.DeepEqual(ours, theirs) {
		return nil
	}
	return []Difference{{ptr, compact(ours), compact(theirs)}}
}

func diffObjects(ptr string, ours, theirs obj) []Difference {
	keys := map[string]bool{}
	for k := range ours {
		keys[k] = true
	}
	for k := range theirs {
		keys[k] = true
	}
	var diffs []Difference
	for _, k := range sortedKeys(keys) {
		p := ptr + "/" + EscapePointer(k)
		o, inOurs := ours[k]
		t, inTheirs := theirs[k]
		switch {
		case !inOurs:
			diffs = append(diffs, Difference{p, Absent, compact(t)})
		case !inTheirs:
			diffs = append(diffs, Difference{p, compact(o), Absent})
		default:
			diffs = append(diffs, Diff(p, o, t)...)
		}
	}
	return diffs
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
