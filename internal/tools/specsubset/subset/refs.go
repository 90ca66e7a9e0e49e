package subset

import (
	"sort"
	"strings"
)

const componentsPrefix = "#/components/"

// closeRefs moves into comps every component that root reaches through
// $ref, transitively, stripping each as it goes. Refs are collected from the
// whole tree, extensions included: Veeam's "x-anyOf" lists schema refs, and
// a subset is only closed if those resolve too.
func closeRefs(root any, upstream, comps obj) error {
	queue := collectRefs(root, nil)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		kind, name, err := splitRef(ref)
		if err != nil {
			return err
		}
		section := section(comps, kind)
		if _, done := section[name]; done {
			continue
		}
		src, ok := asObj(upstream[kind])[name]
		if !ok {
			return &RefError{Ref: ref, Reason: "no such component upstream"}
		}
		stripComponent[kind](src)
		section[name] = src
		queue = collectRefs(src, queue)
	}
	return nil
}

// section returns comps[kind], creating it when absent.
func section(comps obj, kind string) obj {
	s, ok := comps[kind].(obj)
	if !ok {
		s = obj{}
		comps[kind] = s
	}
	return s
}

// collectRefs appends every "$ref" string found under v, in a stable order.
func collectRefs(v any, acc []string) []string {
	switch t := v.(type) {
	case obj:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := t[k].(string); ok && k == "$ref" {
				acc = append(acc, s)
				continue
			}
			acc = collectRefs(t[k], acc)
		}
	case []any:
		for _, e := range t {
			acc = collectRefs(e, acc)
		}
	}
	return acc
}

// splitRef parses "#/components/<kind>/<name>"; anything else (a remote or
// a deep ref) would make the subset depend on material it does not carry.
func splitRef(ref string) (kind, name string, err error) {
	rest, ok := strings.CutPrefix(ref, componentsPrefix)
	if !ok {
		return "", "", &RefError{Ref: ref, Reason: "only local #/components/ refs are supported"}
	}
	kind, name, ok = strings.Cut(rest, "/")
	if !ok || name == "" || strings.Contains(name, "/") {
		return "", "", &RefError{Ref: ref, Reason: "want #/components/<kind>/<name>"}
	}
	if _, ok := stripComponent[kind]; !ok {
		return "", "", &RefError{Ref: ref, Reason: "unsupported component kind " + kind}
	}
	return kind, UnescapePointer(name), nil
}

// UnescapePointer undoes JSON Pointer escaping (RFC 6901 §4).
func UnescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// requirementNames appends the scheme names in a security requirement list.
func requirementNames(reqs any, acc []string) []string {
	for _, r := range asList(reqs) {
		for name := range asObj(r) {
			acc = append(acc, name)
		}
	}
	return acc
}

// EscapePointer applies JSON Pointer escaping (RFC 6901 §3).
func EscapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
