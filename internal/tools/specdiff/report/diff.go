package report

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

// Input is one comparison: two documents in our contract's form.
type Input struct {
	Vendor       string
	BaseName     string // shown in the report
	RevisionName string
	Base         []byte // OpenAPI JSON, pretty-printed (line numbers locate members)
	Revision     []byte
	// BaseFiles and RevisionFiles are files the documents reference by
	// relative $ref, by name (GitLab's schema files beside its openapi.json).
	BaseFiles, RevisionFiles map[string][]byte
	Mapping                  *Mapping // nil: no canonical or Go fields named
	Run                      Runner   // nil: GoRun
	// Moved maps an operation of Base absent from Revision to where the
	// revision has the same operationId ("POST /new/path").
	Moved map[string]string
	// Gone lists operations of Base that the revision has under no path.
	Gone []string
	// Notes are changes found outside oasdiff (e.g. by the cut).
	Notes []Change
	// Note is said once, above the changes (Cut.Older).
	Note string
}

// Diff runs oasdiff on in and classifies every change.
func Diff(ctx context.Context, in Input) (*Report, error) {
	dir, err := os.MkdirTemp("", "specdiff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) //nolint:errcheck // scratch files
	base, rev, lines, err := in.write(dir)
	if err != nil {
		return nil, err
	}
	run := in.Run
	if run == nil {
		run = GoRun
	}
	out, err := run(ctx, base, rev)
	if err != nil {
		return nil, err
	}
	fs, err := parseFindings(out)
	if err != nil {
		return nil, err
	}
	return in.report(fs, lines), nil
}

// write puts both sides, with the files they refer to, under dir and
// indexes their lines.
func (in Input) write(dir string) (base, rev string, lines map[string]lineIndex, err error) {
	base, rev = filepath.Join(dir, "base"), filepath.Join(dir, "revision")
	lines = map[string]lineIndex{}
	for side, files := range map[string]map[string][]byte{
		base: with(in.BaseFiles, in.Base), rev: with(in.RevisionFiles, in.Revision),
	} {
		if err := os.Mkdir(side, 0o700); err != nil {
			return "", "", nil, err
		}
		for name, data := range files {
			p := filepath.Join(side, name)
			if err := os.WriteFile(p, data, 0o600); err != nil {
				return "", "", nil, err
			}
			lines[sideFile(p)] = indexLines(data)
		}
	}
	return filepath.Join(base, mainFile), filepath.Join(rev, mainFile), lines, nil
}

// report classifies the findings, one change per id (a shared schema's
// change is reported once, with every operation it reaches).
func (in Input) report(fs []finding, lines map[string]lineIndex) *Report {
	r := &Report{Vendor: in.Vendor, Base: in.BaseName, Revision: in.RevisionName, Note: in.Note}
	byID := map[string]int{}
	for _, f := range fs {
		c := in.change(f, lines)
		if i, ok := byID[c.ID]; ok {
			r.Changes[i].Operations = appendOp(r.Changes[i].Operations, c.Operations...)
			continue
		}
		byID[c.ID] = len(r.Changes)
		r.Changes = append(r.Changes, c)
	}
	r.Changes = append(r.Changes, in.Notes...)
	hintRenames(r.Changes)
	r.sort()
	return r
}

// mainFile is the name the compared documents get on disk.
const mainFile = "openapi.json"

// sideFile keys a file by its side and name ("base/openapi.json"): oasdiff
// names referenced files by their resolved path.
func sideFile(p string) string {
	return filepath.Join(filepath.Base(filepath.Dir(p)), filepath.Base(p))
}

func with(files map[string][]byte, main []byte) map[string][]byte {
	all := map[string][]byte{mainFile: main}
	for k, v := range files {
		all[k] = v
	}
	return all
}

func appendOp(ops []string, more ...string) []string {
	for _, o := range more {
		if i := sort.SearchStrings(ops, o); i == len(ops) || ops[i] != o {
			ops = append(ops, o)
			sort.Strings(ops)
		}
	}
	return ops
}

var (
	propertyRE = regexp.MustCompile("property `([^`]+)`")
	valueRE    = regexp.MustCompile("the (?:new )?`([^`]+)` enum value")
	schemaRE   = regexp.MustCompile("schema `([^`]+)`")
	// namedRE is the first name a finding's text quotes: what a finding
	// about neither an operation nor a schema (a security scheme) is about.
	namedRE = regexp.MustCompile("`([^`]+)`")
)

// where is what a finding is about: its operation, the component schema
// and member, and the subject that names it in ids and summaries.
type where struct {
	op, schema, member, subject string
}

// whereOf locates f: the source line oasdiff gives, mapped to a JSON
// pointer, names the schema and member; its text fills in what the pointer
// cannot (an inline schema, a removed component).
func whereOf(f finding, lines map[string]lineIndex) where {
	ptr, file := "", ""
	for _, src := range []*source{f.Base, f.Revision} {
		if ptr == "" && src != nil {
			ptr, file = lines[sideFile(src.File)][src.Line], filepath.Base(src.File)
		}
	}
	w := where{op: strings.TrimSpace(f.Operation + " " + f.Path)}
	w.schema, w.member = locate(ptr)
	if n, ok := gitlabComponents[file]; ok && w.schema == "" {
		w.schema = n // a schema file of its own: its root is the component
	}
	if m := propertyRE.FindStringSubmatch(f.Text); m != nil && w.member == "" {
		w.member = m[1]
	}
	w.subject = w.op
	switch {
	case w.schema != "" && w.member != "":
		w.subject = w.schema + "." + w.member
	case w.member != "":
		w.subject = w.op + " " + w.member
	case f.Section == "components":
		if m := schemaRE.FindStringSubmatch(f.Text); m != nil {
			w.schema, w.subject = m[1], m[1]
		}
	case w.op == "":
		w.subject = f.Section
	}
	if w.subject == "" {
		// Never an empty subject: the id ("<kind> <subject>") is what the
		// accepted file names, and the summary would start with ": ".
		w.subject = f.Section
		if m := namedRE.FindStringSubmatch(f.Text); m != nil {
			w.subject = m[1]
		}
	}
	return w
}

// change turns one oasdiff finding into our Change.
func (in Input) change(f finding, lines map[string]lineIndex) Change {
	w := whereOf(f, lines)
	id := f.ID + " " + w.subject
	if m := valueRE.FindStringSubmatch(f.Text); m != nil {
		id += " " + m[1]
	}
	affects, read := in.Mapping.affects(w.schema, w.member)
	if f.Section == "components" && w.member == "" {
		affects = in.Mapping.goType(w.schema)
	}
	breaking, reason := classify(f, read)
	affects = append(affects, in.Mapping.responseType(f)...)
	c := Change{ID: id, Breaking: breaking, Kind: f.ID, Summary: w.subject + ": " + f.Text, Reason: reason, Affects: affects}
	if w.member == "" && strings.Contains(f.ID, "removed") {
		in.operationRemoved(&c, f, w.op)
	}
	if w.op != "" && w.op != w.subject {
		c.Operations = []string{w.op}
	}
	return c
}

// operationRemoved says where a removed operation went, if anywhere, and
// which generated method it takes along.
func (in Input) operationRemoved(c *Change, f finding, op string) {
	c.Affects = append(c.Affects, in.Mapping.method(f)...)
	if to, ok := in.Moved[op]; ok {
		c.Summary += " — moved to " + to + " (same operationId " + f.OperationID + ")"
		c.Reason = "moved path: update operations.txt to " + to + "; the generated method keeps its name (same operationId) but calls the new path, which servers that predate the move answer 404"
	}
	if slices.Contains(in.Gone, op) {
		c.Summary += " — upstream has no operation with its operationId " + f.OperationID + " under any path"
	}
}

// locate names the component schema and member a JSON pointer is in:
// /components/schemas/S/properties/m/enum/2 → S, m.
func locate(ptr string) (schema, member string) {
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		switch {
		case i+2 < len(parts) && parts[i] == "components" && parts[i+1] == "schemas":
			schema = subset.UnescapePointer(parts[i+2])
		case parts[i] == "properties":
			member = subset.UnescapePointer(parts[i+1])
		}
	}
	return schema, member
}

// hintRenames points a removed member at a member added to the same schema
// in the same change: oasdiff sees a rename as a removal and an addition.
func hintRenames(cs []Change) {
	added := map[string][]string{} // "kind-prefix schema" → members
	for _, c := range cs {
		if dir, schema, member, ok := memberChange(c); ok && dir == "added" {
			added[schema] = append(added[schema], "`"+member+"`")
		}
	}
	for i, c := range cs {
		if dir, schema, _, ok := memberChange(c); ok && dir == "removed" && len(added[schema]) > 0 {
			cs[i].Summary += " — perhaps renamed to " + strings.Join(added[schema], " or ")
		}
	}
}

// memberChange splits "response-optional-property-removed S.m" into
// ("removed", "response S", "m").
func memberChange(c Change) (dir, schema, member string, ok bool) {
	kind, subject, _ := strings.Cut(c.ID, " ")
	side, _, _ := strings.Cut(kind, "-")
	switch {
	case strings.HasSuffix(kind, "property-removed"):
		dir = "removed"
	case strings.HasSuffix(kind, "property-added"):
		dir = "added"
	default:
		return "", "", "", false
	}
	if side == "new" {
		side = "request"
	}
	s, m, found := strings.Cut(subject, ".")
	if !found || strings.Contains(subject, " ") {
		return "", "", "", false
	}
	return dir, side + " " + s, m, true
}
