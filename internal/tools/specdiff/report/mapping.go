package report

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Mapping is what our code reads of a vendor's contract, derived from the
// source so that it cannot drift: the canonical fields normalize fills from
// each response schema (normalize/shapes.go), the generated Go fields of
// each schema (gen/<vendor>), and the Go fields vendors/<vendor> refers to.
type Mapping struct {
	GoPackage string                       // e.g. "veeamgen" for import path gen/veeam
	Canonical map[string]map[string]string // schema → wire member → canonical pointer
	GoFields  map[string]map[string]string // Go type → json name → Go field
	Used      map[string]bool              // field names vendors/<vendor> selects
}

// LoadMapping reads the mapping of vendor from the repository at root.
func LoadMapping(root, vendor string) (*Mapping, error) {
	m := &Mapping{GoPackage: vendor + "gen", Canonical: map[string]map[string]string{},
		GoFields: map[string]map[string]string{}, Used: map[string]bool{}}
	fset := token.NewFileSet()
	shapes, err := parser.ParseFile(fset, filepath.Join(root, "normalize", "shapes.go"), nil, 0)
	if err != nil {
		return nil, err
	}
	m.readShapes(shapes, vendor)
	gen, err := parseDir(fset, filepath.Join(root, "gen", vendor), func(n string) bool { return strings.HasSuffix(n, ".gen.go") })
	if err != nil {
		return nil, err
	}
	for _, f := range gen {
		m.readStructs(f)
	}
	code, err := parseDir(fset, filepath.Join(root, "vendors", vendor), func(n string) bool { return !strings.HasSuffix(n, "_test.go") })
	if err != nil {
		return nil, err
	}
	for _, f := range code {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				m.Used[x.Sel.Name] = true
			case *ast.KeyValueExpr: // composite literals set request fields
				if id, ok := x.Key.(*ast.Ident); ok {
					m.Used[id.Name] = true
				}
			}
			return true
		})
	}
	return m, nil
}

func parseDir(fset *token.FileSet, dir string, keep func(string) bool) ([]*ast.File, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, n := range names {
		if !keep(filepath.Base(n)) {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// readShapes follows normalize's shape table: each `shape{schema: "veeam/
// openapi.json#/components/schemas/X", fields: {"wire": toTarget}}` and
// target.pointer's array of canonical pointers.
func (m *Mapping) readShapes(f *ast.File, vendor string) {
	pointers := canonicalPointers(f)
	ast.Inspect(f, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if id, ok := cl.Type.(*ast.Ident); !ok || id.Name != "shape" {
			return true
		}
		schema, fields := shapeLiteral(cl, pointers)
		if name, ok := strings.CutPrefix(schema, vendor+"/"); ok {
			m.Canonical[schemaName(name)] = fields
		}
		return false
	})
}

// canonicalPointers reads target.pointer's table: toUserCode → "/user_code".
func canonicalPointers(f *ast.File) map[string]string {
	pointers := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && strings.HasPrefix(id.Name, "to") {
				if s, ok := stringLit(kv.Value); ok && strings.HasPrefix(s, "/") {
					pointers[id.Name] = s
				}
			}
		}
		return true
	})
	return pointers
}

// shapeLiteral reads one shape's schema and its wire → canonical fields.
func shapeLiteral(cl *ast.CompositeLit, pointers map[string]string) (schema string, fields map[string]string) {
	fields = map[string]string{}
	for _, e := range cl.Elts {
		kv, _ := e.(*ast.KeyValueExpr)
		if kv == nil {
			continue
		}
		switch key, _ := kv.Key.(*ast.Ident); {
		case key == nil:
		case key.Name == "schema":
			schema, _ = stringLit(kv.Value)
		case key.Name == "fields":
			lit, _ := kv.Value.(*ast.CompositeLit)
			if lit == nil {
				continue
			}
			for _, fe := range lit.Elts {
				if fkv, _ := fe.(*ast.KeyValueExpr); fkv != nil {
					wire, _ := stringLit(fkv.Key)
					if t, ok := fkv.Value.(*ast.Ident); ok {
						fields[wire] = pointers[t.Name]
					}
				}
			}
		}
	}
	return schema, fields
}

// schemaName turns normalize's schema reference into the component name:
// "openapi.json#/components/schemas/X" → X; GitLab's schema files map to
// the component names the GitLab wrapper gives them.
func schemaName(ref string) string {
	if _, frag, ok := strings.Cut(ref, "#/components/schemas/"); ok {
		return frag
	}
	if n, ok := gitlabComponents[ref]; ok {
		return n
	}
	return ref
}

func (m *Mapping) readStructs(f *ast.File) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range gd.Specs {
			ts, ok := s.(*ast.TypeSpec)
			if !ok {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			fields := map[string]string{}
			for _, fl := range st.Fields.List {
				if fl.Tag == nil || len(fl.Names) == 0 {
					continue
				}
				tag, _ := strconv.Unquote(fl.Tag.Value)
				name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
				if name != "" && name != "-" {
					fields[name] = fl.Names[0].Name
				}
			}
			m.GoFields[ts.Name.Name] = fields
		}
	}
}

func stringLit(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}

// goField finds the generated field of member in schema: oapi-codegen names
// the type after the schema, sometimes with different capitals
// (RESTOrganization → RestOrganization…).
func (m *Mapping) goField(schema, member string) (string, bool) {
	if f, ok := m.GoFields[schema][member]; ok {
		return schema + "." + f, true
	}
	for typ, fields := range m.GoFields {
		if strings.EqualFold(typ, schema) {
			if f, ok := fields[member]; ok {
				return typ + "." + f, true
			}
		}
	}
	return "", false
}

// affects lists what a change to member of schema touches for integrators.
func (m *Mapping) affects(schema, member string) (list []string, read bool) {
	if m == nil || member == "" {
		return nil, false
	}
	if ptr, ok := m.Canonical[schema][member]; ok {
		list = append(list, "canonical "+ptr+" (normalize)")
		read = true
	}
	gf, ok := m.goField(schema, member)
	if !ok && schema != "" && m.hasType(schema) {
		// A new member: the field go generate will add (oapi-codegen
		// capitalises the first letter).
		list = append(list, "new Go field "+m.GoPackage+"."+m.typeName(schema)+"."+strings.ToUpper(member[:1])+member[1:]+" after go generate")
	}
	if ok {
		_, field, _ := strings.Cut(gf, ".")
		if m.Used[field] {
			read = true
			list = append(list, "Go field "+m.GoPackage+"."+gf+" (read or set by vendors/)")
		} else {
			list = append(list, "Go field "+m.GoPackage+"."+gf)
		}
	}
	return list, read
}

var statusRE = regexp.MustCompile("status `([0-9]{3})`")

// responseType names the generated types of a response status that a
// change adds or removes: oapi-codegen names them after the operationId
// (Organization_Add, 201 → OrganizationAddResponse.JSON201 and the strict
// server's OrganizationAdd201JSONResponse).
func (m *Mapping) responseType(f finding) []string {
	if m == nil || !strings.Contains(f.ID, "status") || f.OperationID == "" {
		return nil
	}
	st := statusRE.FindStringSubmatch(f.Text)
	if st == nil {
		return nil
	}
	name := goName(f.OperationID)
	return []string{fmt.Sprintf("Go field %s.%sResponse.JSON%s, type %s.%s%sJSONResponse", m.GoPackage, name, st[1], m.GoPackage, name, st[1])}
}

// goName is oapi-codegen's name for an operationId: Organization_Add →
// OrganizationAdd.
func goName(operationID string) string {
	var name strings.Builder
	for _, part := range strings.FieldsFunc(operationID, func(r rune) bool { return r == '_' || r == '-' || r == ' ' }) {
		name.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return name.String()
}

// method names the generated client method of a removed operation.
func (m *Mapping) method(f finding) []string {
	if m == nil || f.OperationID == "" || !strings.HasPrefix(f.ID, "api-") || !strings.Contains(f.ID, "removed") {
		return nil
	}
	return []string{fmt.Sprintf("Go method %s.Client.%s", m.GoPackage, goName(f.OperationID))}
}

// goType names the generated type of a component schema, if there is one.
func (m *Mapping) goType(schema string) []string {
	if m == nil {
		return nil
	}
	for typ := range m.GoFields {
		if strings.EqualFold(typ, schema) {
			return []string{"Go type " + m.GoPackage + "." + typ}
		}
	}
	return nil
}

func (m *Mapping) hasType(schema string) bool { return m.typeName(schema) != "" }

func (m *Mapping) typeName(schema string) string {
	if _, ok := m.GoFields[schema]; ok {
		return schema
	}
	for typ := range m.GoFields {
		if strings.EqualFold(typ, schema) {
			return typ
		}
	}
	return ""
}
