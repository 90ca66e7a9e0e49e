package reqcheck

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// resolver follows $ref within the spec and to its sibling files. It is
// read-only once New returns.
type resolver struct {
	fsys fs.FS
	dir  string
	main string         // the spec's own file, where "#/…" refs point
	docs map[string]any // by file name
}

// load reads and decodes a file of the spec's directory once.
func (r *resolver) load(file string) error {
	if _, ok := r.docs[file]; ok {
		return nil
	}
	b, err := fs.ReadFile(r.fsys, path.Join(r.dir, file))
	if err != nil {
		return fmt.Errorf("reqcheck: %w", err)
	}
	var d any
	if err := json.Unmarshal(b, &d); err != nil {
		return fmt.Errorf("reqcheck: %s: %w", file, err)
	}
	r.docs[file] = d
	return nil
}

// resolve follows v's $ref chain (v was read from file); an unresolvable
// ref yields nil, which judges nothing.
func (r *resolver) resolve(v any, file string) any {
	for range 32 { // a cycle of refs is the spec's bug, not a hang
		ref, ok := asObj(v)["$ref"].(string)
		if !ok {
			return v
		}
		v, file = r.follow(ref, file)
	}
	return nil
}

// schema resolves a schema of the spec's own file (GitLab's sibling files
// hold no refs of their own).
func (r *resolver) schema(v any) map[string]any {
	return asObj(r.resolve(v, ""))
}

func (r *resolver) follow(ref, file string) (any, string) {
	target, pointer, _ := strings.Cut(ref, "#")
	if target != "" {
		file = path.Clean(target)
	}
	if file == "" {
		file = r.main
	}
	cur, ok := r.docs[file] // loaded by New; a ref outside the directory resolves to nothing
	if !ok {
		return nil, file
	}
	for _, tok := range strings.Split(strings.Trim(pointer, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		cur = asObj(cur)[tok]
	}
	return cur, file
}
