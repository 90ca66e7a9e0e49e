package conform

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/specs"
)

// specSource is a tree of spec files: the embedded specs, or a directory
// or file named on the command line.
type specSource struct {
	shown string // how a file's name is shown: shown joined with its path
	fsys  fs.FS
	files []string // *.json paths in fsys
	named bool     // a single file named on the command line: it must be a spec
}

func embeddedSpecs() specSource {
	src := specSource{shown: "specs", fsys: specs.FS}
	src.files, _ = jsonFiles(specs.FS, func(string, error) {}) // embedded: cannot fail, holds regular files only
	return src
}

// diskSpecs reads the tree at p, through diskFS so that no pipe blocks
// it; a path that cannot be read, or is not a regular file or directory,
// yields an error result rather than nothing. A walk skips (with a note)
// a *.json that is not a regular file.
func diskSpecs(p string, skip func(path string, err error)) (specSource, *specResult) {
	fi, err := os.Stat(p)
	var nr *notRegularError
	switch {
	case errors.As(checkMode(fi, err), &nr):
		return specSource{}, failedFile(p, nr.Error())
	case err != nil:
		return specSource{}, failedFile(p, "cannot be read: "+safetext.Show(err.Error()))
	case !fi.IsDir():
		return specSource{shown: filepath.Dir(p), fsys: diskFS(filepath.Dir(p)), files: []string{filepath.Base(p)}, named: true}, nil
	}
	src := specSource{shown: p, fsys: diskFS(p)}
	shown := func(f string, err error) { skip(src.name(f), err) }
	if src.files, err = jsonFiles(src.fsys, shown); err != nil {
		return specSource{}, failedFile(p, "cannot be walked: "+safetext.Show(err.Error()))
	}
	return src, nil
}

func jsonFiles(fsys fs.FS, skip func(path string, err error)) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		if err := walkedIrregular(d, func() (fs.FileInfo, error) { return fs.Stat(fsys, p) }); err != nil {
			skip(p, err)
			return nil
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// check checks every spec of the source; a source that holds none fails,
// so that a gate cannot pass on nothing.
func (src specSource) check() []specResult {
	docs := map[string]map[string]any{}
	var out []specResult
	for _, f := range src.files {
		doc, err := readSpecDoc(src.fsys, f)
		if err != nil {
			out = append(out, *failedFile(src.name(f), "cannot be read: "+safetext.Show(err.Error())))
			continue
		}
		docs[f] = doc
	}
	checked := 0
	for _, f := range src.files {
		if doc, ok := docs[f]; ok {
			r := src.checkFile(f, doc, docs)
			if !r.Skipped {
				checked++
			}
			out = append(out, r)
		}
	}
	switch {
	case checked > 0 || len(docs) < len(src.files):
		return out // checked something, or failed already
	case src.named:
		return []specResult{*failedFile(src.name(src.files[0]), "is neither a JSON Schema nor an OpenAPI document")}
	}
	return append(out, *failedFile(src.shown, "holds no JSON Schema or OpenAPI document to check"))
}

func (src specSource) name(f string) string {
	if src.fsys == specs.FS {
		return path.Join(src.shown, f)
	}
	return filepath.Join(src.shown, filepath.FromSlash(f))
}

// checkFile checks a spec's own examples, or an example body against the
// schema it is named after (api-evangelist's examples/X-example.json
// beside json-schema/X-schema.json).
func (src specSource) checkFile(f string, doc map[string]any, docs map[string]map[string]any) specResult {
	if k, ok := kindOfSpec(f, doc); ok {
		return src.checkExamples(f, k, doc)
	}
	schema, ok := pairedSchema(f, src.files, docs)
	if !ok {
		return specResult{File: src.name(f), Skipped: true, OK: true}
	}
	k, _ := kindOfSpec(schema, docs[schema])
	sc, err := newSpecCompiler(src.fsys, schema, k, docs[schema])
	if err != nil {
		return *failedFile(src.name(f), "its schema cannot be read: "+safetext.Show(err.Error()))
	}
	r := specResult{File: src.name(f), Kind: "example of " + schema}
	r.add(sc, []specExample{{schema: "", at: "", value: doc}})
	return r
}

func (src specSource) checkExamples(f string, k specKind, doc map[string]any) specResult {
	r := specResult{File: src.name(f), Kind: k.name}
	examples := examplesOf(k, doc) // before the compiler rewrites doc
	sc, err := newSpecCompiler(src.fsys, f, k, doc)
	if err != nil {
		return *failedFile(src.name(f), "cannot be compiled: "+safetext.Show(err.Error()))
	}
	r.add(sc, examples)
	return r
}

// pairedSchema finds the JSON Schema an example body is named after.
func pairedSchema(f string, files []string, docs map[string]map[string]any) (string, bool) {
	base := path.Base(f)
	var want string
	switch {
	case strings.HasSuffix(base, "-example.json"):
		want = strings.TrimSuffix(base, "-example.json") + "-schema.json"
	case strings.HasSuffix(base, ".example.json"):
		want = strings.TrimSuffix(base, ".example.json") + ".schema.json"
	default:
		return "", false
	}
	for _, p := range files {
		if k, ok := kindOfSpec(p, docs[p]); ok && docs[p] != nil && !k.oas && path.Base(p) == want {
			return p, true
		}
	}
	return "", false
}

// readSpecDoc decodes a JSON object, numbers kept exact for the validator.
func readSpecDoc(fsys fs.FS, f string) (map[string]any, error) {
	b, err := fs.ReadFile(fsys, f)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return doc, nil
}
