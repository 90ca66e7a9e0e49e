package subset

import (
	"context"
	"strings"
)

// Options are the documented transformations Extract may apply on top of
// plain subsetting. The zero value applies none.
type Options struct {
	// AnyToJSON renames "*/*" response content to "application/json"; see
	// the function of the same name.
	AnyToJSON bool
	// StripVersion removes the version prefix from every path before the
	// operations are looked up; see the function of the same name.
	StripVersion bool
	// Previous is the current cut, if any. It changes nothing in the
	// result: a listed operation upstream lacks is reported with the
	// upstream operations that carry its previous operationId.
	Previous []byte
}

// Result is a closed subset and what was done to produce it.
type Result struct {
	JSON      []byte   // deterministic: sorted keys, 2-space indent, trailing newline
	Rewritten []string // locations changed by the Options' transformations
	Prefix    string   // the version prefix StripVersion removed, e.g. "/v8"
}

// Extract returns the closed subset of upstream (JSON or YAML) holding ops.
// Both upstream and the result must load and validate with kin-openapi.
func Extract(ctx context.Context, upstream []byte, ops []Operation, opts Options) (*Result, error) {
	upstream, err := ToJSON(upstream)
	if err != nil {
		return nil, err
	}
	if err := Validate(ctx, upstream); err != nil {
		return nil, &InvalidError{What: "upstream", Err: err}
	}
	up, err := Decode(upstream)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	if opts.StripVersion {
		if res.Prefix, err = StripVersion(up); err != nil {
			return nil, err
		}
	}
	var previous map[Operation]string
	if len(opts.Previous) > 0 {
		if prev, err := Decode(opts.Previous); err == nil {
			previous = OperationIDs(prev)
		}
	}
	doc, err := build(up, ops, previous)
	if err != nil {
		return nil, err
	}
	if opts.AnyToJSON {
		res.Rewritten = AnyToJSON(doc)
	}
	if res.JSON, err = Encode(doc); err != nil {
		return nil, err
	}
	if err := Validate(ctx, res.JSON); err != nil {
		return nil, &InvalidError{What: "subset", Err: err}
	}
	return res, nil
}

// build assembles the subset document. It consumes up: kept objects are
// moved, not copied, and stripped in place.
func build(up obj, ops []Operation, previous map[Operation]string) (obj, error) {
	paths, err := selectOperations(asObj(up["paths"]), ops, previous)
	if err != nil {
		return nil, err
	}
	doc := obj{"openapi": up["openapi"], "paths": paths}
	if info, ok := up["info"].(obj); ok {
		dropDocs(info)
		doc["info"] = info
	}
	for _, k := range []string{"servers", "security"} {
		if v, ok := up[k]; ok {
			doc[k] = v
		}
	}
	stripServers(doc["servers"])
	comps, err := components(doc, asObj(up["components"]))
	if err != nil {
		return nil, err
	}
	if len(comps) > 0 {
		doc["components"] = comps
	}
	return doc, nil
}

// selectOperations keeps the listed operations and their path items'
// shared fields (parameters, servers, extensions).
func selectOperations(upPaths obj, ops []Operation, previous map[Operation]string) (obj, error) {
	paths := obj{}
	for _, op := range ops {
		item, ok := upPaths[op.Path].(obj)
		if !ok || item[op.key()] == nil {
			e := &MissingOperationError{Operation: op}
			hint(e, upPaths, previous[op])
			return nil, e
		}
		if ref, ok := item["$ref"].(string); ok {
			return nil, &RefError{Ref: ref, Reason: "path item refs are not supported"}
		}
		dst, ok := paths[op.Path].(obj)
		if !ok {
			dst = pathItemShell(item)
			paths[op.Path] = dst
		}
		stripOperation(item[op.key()])
		dst[op.key()] = item[op.key()]
	}
	return paths, nil
}

// pathItemShell copies a path item without its operations or documentation.
func pathItemShell(item obj) obj {
	shell := obj{}
	for k, v := range item {
		if !methods[strings.ToUpper(k)] {
			shell[k] = v
		}
	}
	dropDocs(shell)
	for _, p := range asList(shell["parameters"]) {
		stripParameter(p)
	}
	stripServers(shell["servers"])
	return shell
}

// components gathers what doc reaches: $ref targets and the security
// schemes named by top-level and operation security requirements.
func components(doc, upstream obj) (obj, error) {
	comps := obj{}
	if err := closeRefs(doc["paths"], upstream, comps); err != nil {
		return nil, err
	}
	for _, name := range securitySchemeNames(doc) {
		s, ok := asObj(upstream["securitySchemes"])[name]
		if !ok {
			return nil, &RefError{Ref: componentsPrefix + "securitySchemes/" + name, Reason: "security requirement names no scheme"}
		}
		stripSecurityScheme(s)
		section(comps, "securitySchemes")[name] = s
	}
	return comps, nil
}

// securitySchemeNames lists the schemes that security requirements name,
// at the top level and on every kept operation.
func securitySchemeNames(doc obj) []string {
	names := requirementNames(doc["security"], nil)
	for _, item := range asObj(doc["paths"]) {
		for k, op := range asObj(item) {
			if methods[strings.ToUpper(k)] {
				names = requirementNames(asObj(op)["security"], names)
			}
		}
	}
	return names
}
