package report

import (
	"context"
	"strings"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// Cut is our subset of a new upstream document, cut the way the sync cuts
// it, plus what the cut alone can tell: listed operations upstream no longer
// has, and where the ones with the same operationId went.
type Cut struct {
	JSON  []byte
	Moved map[string]string // "POST /old" → "POST /new"
	Gone  []string          // listed operations with no trace upstream
	// Upstream and Committed are the info.version ("v7" → 7) of each side,
	// 0 when not of the form vN. An upstream older than the committed cut
	// does not replace it (specsubset -absorbed).
	Upstream, Committed int
}

// CutSubset cuts ops from upstream like specsubset does. An operation
// upstream lacks does not stop the report: when upstream has an operation
// with the operationId committed gives it, that one is cut instead (a moved
// path), otherwise it is left out (a removed operation), and oasdiff then
// reports the removal against committed.
func CutSubset(ctx context.Context, upstream, committed []byte, ops []subset.Operation, opts subset.Options) (*Cut, error) {
	upstream, err := subset.ToJSON(upstream) // Cohesity publishes YAML
	if err != nil {
		return nil, err
	}
	up, err := subset.Decode(upstream)
	if err != nil {
		return nil, err
	}
	if opts.StripVersion {
		if _, err := subset.StripVersion(up); err != nil {
			return nil, err
		}
	}
	ours, err := subset.Decode(committed)
	if err != nil {
		return nil, err
	}
	upPaths, _ := up["paths"].(map[string]any)
	byID := byOperationID(up)
	c := &Cut{Moved: map[string]string{}}
	var keep []subset.Operation
	for _, op := range ops {
		if operation(upPaths, op) != nil {
			keep = append(keep, op)
			continue
		}
		id, _ := operation(pathsOf(ours), op)["operationId"].(string)
		if to, ok := byID[id]; ok && id != "" {
			c.Moved[op.String()] = to.String()
			keep = append(keep, to)
			continue
		}
		c.Gone = append(c.Gone, op.String())
	}
	res, err := subset.Extract(ctx, upstream, keep, opts)
	if err != nil {
		return nil, err
	}
	c.JSON = res.JSON
	c.Upstream, c.Committed = versionOf(up), versionOf(ours)
	return c, nil
}

func versionOf(doc map[string]any) int {
	n, _ := subset.Version(doc)
	return n
}

func pathsOf(doc map[string]any) map[string]any {
	p, _ := doc["paths"].(map[string]any)
	return p
}

func operation(paths map[string]any, op subset.Operation) map[string]any {
	item, _ := paths[op.Path].(map[string]any)
	o, _ := item[strings.ToLower(op.Method)].(map[string]any)
	return o
}

// byOperationID is each operation of a document by its operationId.
func byOperationID(doc map[string]any) map[string]subset.Operation {
	ids := map[string]subset.Operation{}
	for op, id := range subset.OperationIDs(doc) {
		ids[id] = op
	}
	return ids
}
