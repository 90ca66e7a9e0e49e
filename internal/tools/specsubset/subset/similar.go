package subset

import (
	"sort"
	"strings"
)

// maxPathDistance bounds the segment edit distance of a "similar path": one
// moved, renamed or inserted segment, or two.
const maxPathDistance = 2

// hint fills in where a missing operation may have gone: upstream
// operations carrying its operationId (named by the previous cut, if any),
// then the operations of the same method whose paths are nearest by edit
// distance over path segments.
func hint(e *MissingOperationError, upPaths obj, previousID string) {
	e.OperationID = previousID
	type near struct {
		op          Operation
		dist, chars int // segment distance, then character distance
	}
	var nears []near
	for _, p := range sortedKeys(upPaths) {
		for k, v := range asObj(upPaths[p]) {
			m := strings.ToUpper(k)
			if !methods[m] {
				continue
			}
			op := Operation{Method: m, Path: p}
			if id, _ := asObj(v)["operationId"].(string); previousID != "" && id == previousID {
				e.SameID = append(e.SameID, op)
				continue // named once, as the better hint
			}
			if m != e.Operation.Method {
				continue
			}
			if d := segmentDistance(e.Operation.Path, p); d <= maxPathDistance {
				nears = append(nears, near{op, d, editDistance(strings.Split(strings.ToLower(e.Operation.Path), ""), strings.Split(strings.ToLower(p), ""), equal)})
			}
		}
	}
	sort.SliceStable(nears, func(i, j int) bool {
		if nears[i].dist != nears[j].dist {
			return nears[i].dist < nears[j].dist
		}
		return nears[i].chars < nears[j].chars
	})
	for i := 0; i < len(nears) && i < 3; i++ {
		e.Similar = append(e.Similar, nears[i].op)
	}
}

// segmentDistance is the Levenshtein distance between two paths' segment
// lists; segments match case-insensitively, and any two {parameters}
// match (a renamed parameter is the same path).
func segmentDistance(a, b string) int {
	return editDistance(strings.Split(strings.Trim(a, "/"), "/"), strings.Split(strings.Trim(b, "/"), "/"), sameSegment)
}

func equal(a, b string) bool { return a == b }

// editDistance is the Levenshtein distance between two sequences.
func editDistance(sa, sb []string, same func(a, b string) bool) int {
	prev := make([]int, len(sb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(sa); i++ {
		cur := make([]int, len(sb)+1)
		cur[0] = i
		for j := 1; j <= len(sb); j++ {
			cost := 1
			if same(sa[i-1], sb[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(sb)]
}

func sameSegment(a, b string) bool {
	param := func(s string) bool { return strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") }
	return strings.EqualFold(a, b) || (param(a) && param(b))
}

// OperationIDs maps each operation of a document to its operationId.
func OperationIDs(doc map[string]any) map[Operation]string {
	ids := map[Operation]string{}
	for p, item := range asObj(doc["paths"]) {
		for k, v := range asObj(item) {
			if id, ok := asObj(v)["operationId"].(string); ok && methods[strings.ToUpper(k)] {
				ids[Operation{Method: strings.ToUpper(k), Path: p}] = id
			}
		}
	}
	return ids
}
