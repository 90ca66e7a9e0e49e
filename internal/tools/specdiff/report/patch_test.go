package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// patchOp is one RFC 6902 operation (add, remove, replace, move): the
// fixtures store a simulated upstream change as a patch of the upstream
// file, read in place, instead of a copy of it.
type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	From  string `json:"from,omitempty"`
	Value any    `json:"value,omitempty"`
}

func applyPatch(doc any, ops []patchOp) (any, error) {
	var err error
	for _, op := range ops {
		switch op.Op {
		case "add", "replace":
			doc, err = setPointer(doc, op.Path, op.Value, op.Op == "add")
		case "remove":
			_, doc, err = takePointer(doc, op.Path)
		case "move":
			var v any
			if v, doc, err = takePointer(doc, op.From); err == nil {
				doc, err = setPointer(doc, op.Path, v, true)
			}
		default:
			err = fmt.Errorf("unknown op %q", op.Op)
		}
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", op.Op, op.Path, err)
		}
	}
	return doc, nil
}

func splitPointer(p string) []string {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range parts {
		parts[i] = subset.UnescapePointer(s)
	}
	return parts
}

// parent walks to the container holding the pointer's last token.
func parent(doc any, parts []string) (any, error) {
	cur := doc
	for _, k := range parts[:len(parts)-1] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(c) {
				return nil, fmt.Errorf("bad index %q", k)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("no container at %q", k)
		}
		if cur == nil {
			return nil, fmt.Errorf("nothing at %q", k)
		}
	}
	return cur, nil
}

func setPointer(doc any, p string, v any, add bool) (any, error) {
	parts := splitPointer(p)
	c, err := parent(doc, parts)
	if err != nil {
		return nil, err
	}
	last := parts[len(parts)-1]
	switch c := c.(type) {
	case map[string]any:
		if _, ok := c[last]; !ok && !add {
			return nil, fmt.Errorf("nothing to replace")
		}
		c[last] = v
		return doc, nil
	case []any:
		if last != "-" || !add {
			return nil, fmt.Errorf("arrays: only add at -")
		}
		parentParts := parts[:len(parts)-1]
		return setPointer(doc, "/"+strings.Join(escapeAll(parentParts), "/"), append(c, v), false)
	}
	return nil, fmt.Errorf("not a container")
}

func takePointer(doc any, p string) (any, any, error) {
	parts := splitPointer(p)
	c, err := parent(doc, parts)
	if err != nil {
		return nil, nil, err
	}
	m, ok := c.(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("remove: only object members")
	}
	v, ok := m[parts[len(parts)-1]]
	if !ok {
		return nil, nil, fmt.Errorf("nothing to remove")
	}
	delete(m, parts[len(parts)-1])
	return v, doc, nil
}

func escapeAll(parts []string) []string {
	out := make([]string, len(parts))
	for i, s := range parts {
		out[i] = subset.EscapePointer(s)
	}
	return out
}
