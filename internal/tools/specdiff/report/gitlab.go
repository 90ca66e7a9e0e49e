package report

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// gitlabComponents names GitLab's five bodies. Our schema files and
// upstream's (api-evangelist json-schema/gitlab-oauth2-*-schema.json) are
// matched by the role in their file name; the names are the generated Go
// types' (gen/gitlab).
var gitlabComponents = map[string]string{
	"device-authorization-request.schema.json":  "DeviceAuthorizationRequest",
	"device-authorization-response.schema.json": "DeviceAuthorizationResponse",
	"token-request.schema.json":                 "TokenRequest",
	"token-response.schema.json":                "TokenResponse",
	"oauth-error.schema.json":                   "OAuthError",
}

// GitLabRole maps a schema file name, ours or upstream's, to the name of
// our file for the same body ("" when it is none of the five).
func GitLabRole(file string) string {
	base := filepath.Base(file)
	base = strings.TrimPrefix(base, "gitlab-oauth2-")
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".json"), ".schema")
	base = strings.TrimSuffix(base, "-schema") + ".schema.json"
	if _, ok := gitlabComponents[base]; ok {
		return base
	}
	return ""
}

// WrapGitLab turns GitLab's JSON Schema (draft 2020-12) bodies, keyed by
// GitLabRole, into an OpenAPI 3.0 document with the device flow's two
// operations, so that oasdiff applies the same request and response rules
// as to every other vendor. Only structure is kept: types, formats, enums,
// required lists, properties, items; `type: [T, "null"]` becomes nullable.
func WrapGitLab(schemas map[string][]byte) ([]byte, error) {
	comps := map[string]any{}
	for role, data := range schemas {
		var s any
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("gitlab %s: %w", role, err)
		}
		comps[gitlabComponents[role]] = structure(s)
	}
	ref := func(name string) map[string]any {
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	op := func(id, req, resp string) map[string]any {
		o := map[string]any{"operationId": id}
		if _, ok := comps[req]; ok {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/x-www-form-urlencoded": map[string]any{"schema": ref(req)}}}
		}
		rs := map[string]any{}
		o["responses"] = rs
		for status, name := range map[string]string{"200": resp, "400": "OAuthError"} {
			if _, ok := comps[name]; ok {
				rs[status] = map[string]any{"description": status, "content": map[string]any{
					"application/json": map[string]any{"schema": ref(name)}}}
			}
		}
		if len(rs) == 0 {
			rs["default"] = map[string]any{"description": "none"}
		}
		return o
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "GitLab device flow (wrapped JSON Schema)", "version": "1"},
		"paths": map[string]any{
			"/oauth/authorize_device": map[string]any{"post": op("authorizeDevice", "DeviceAuthorizationRequest", "DeviceAuthorizationResponse")},
			"/oauth/token":            map[string]any{"post": op("exchangeDeviceCode", "TokenRequest", "TokenResponse")},
		},
		"components": map[string]any{"schemas": comps},
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	return append(out, '\n'), err
}

// structure keeps the keywords of a schema that make up the contract.
func structure(v any) any {
	s, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	for _, k := range []string{"type", "format", "enum", "required", "additionalProperties", "minimum", "maximum", "minLength", "maxLength", "pattern"} {
		if x, ok := s[k]; ok {
			out[k] = x
		}
	}
	if c, ok := s["const"]; ok {
		out["enum"] = []any{c}
	}
	if ts, ok := out["type"].([]any); ok {
		var rest []string
		for _, t := range ts {
			if t == "null" {
				out["nullable"] = true
			} else if str, ok := t.(string); ok {
				rest = append(rest, str)
			}
		}
		sort.Strings(rest)
		if len(rest) > 0 {
			out["type"] = rest[0]
		} else {
			delete(out, "type")
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		p := map[string]any{}
		for k, x := range props {
			p[k] = structure(x)
		}
		out["properties"] = p
	}
	if items, ok := s["items"]; ok {
		out["items"] = structure(items)
	}
	if ap, ok := out["additionalProperties"].(map[string]any); ok {
		out["additionalProperties"] = structure(ap)
	}
	return out
}

// GitLabRoles lists our five schema file names.
func GitLabRoles() []string {
	var r []string
	for k := range gitlabComponents {
		r = append(r, k)
	}
	sort.Strings(r)
	return r
}

// OursRequires marks as not breaking the changes by which upstream comes
// to require a member that our GitLab schema (ours, keyed by GitLabRole)
// already requires: our schemas add the RFC's required lists upstream
// lacks (specs/gitlab/SOURCE.md), so the generated field does not change.
func OursRequires(r *Report, ours map[string][]byte) {
	required := map[string]bool{}
	for role, data := range ours {
		var s struct {
			Required []string `json:"required"`
		}
		if json.Unmarshal(data, &s) == nil {
			for _, m := range s.Required {
				required[gitlabComponents[role]+"."+m] = true
			}
		}
	}
	for i, c := range r.Changes {
		kind, subject, _ := strings.Cut(c.ID, " ")
		if strings.Contains(kind, "required") && !strings.Contains(kind, "removed") && required[subject] {
			r.Changes[i].Breaking = false
			r.Changes[i].Reason = "upstream now requires what specs/gitlab already requires: our contract does not change"
		}
	}
	r.sort()
}
