package report

import (
	"fmt"
	"strings"
)

// rule is our verdict on one oasdiff check id, from the client's side.
type rule struct {
	breaking bool
	reason   string
}

// rules classify oasdiff's check ids (oasdiff checks --format json lists
// them). Where our view differs from oasdiff's level the reason says why.
var rules = map[string]rule{
	// Operations.
	"api-path-removed-without-deprecation": {true, "operation removed: its generated client method and our call to it go away"},
	"api-removed-without-deprecation":      {true, "operation removed: its generated client method and our call to it go away"},
	"api-path-removed-before-sunset":       {true, "operation removed: its generated client method and our call to it go away"},
	"api-removed-before-sunset":            {true, "operation removed: its generated client method and our call to it go away"},
	"api-operation-id-removed":             {true, "generated method and type names derive from the operationId"},
	"api-operation-id-added":               {true, "generated method and type names derive from the operationId"},
	"endpoint-added":                       {false, "a new operation: nothing we call changes"},
	"api-path-added":                       {false, "a new operation: nothing we call changes"},
	"api-version-changed":                  {false, "info.version only; the client sends its own /vN"},

	"api-schema-removed": {true, "its generated Go type disappears"},
	"api-schema-added":   {false, "a new generated Go type"},

	// Requests: what we send.
	"new-required-request-property":                    {true, "we must now send it: vendors/ has to set it from the caller's input, or the request carries its zero value or lacks it"},
	"new-required-request-parameter":                   {true, "we must now send it: the generated method gains a parameter"},
	"request-property-became-required":                 {true, "we must now send it; its Go field changes from *T to T"},
	"request-parameter-became-required":                {true, "we must now send it"},
	"request-body-became-required":                     {true, "we must now send a body"},
	"new-optional-request-property":                    {false, "optional: a new pointer field we may leave nil"},
	"new-optional-request-parameter":                   {false, "optional: we may leave it out"},
	"request-property-became-optional":                 {true, "wire-compatible, but its Go field changes from T to *T"},
	"request-property-removed":                         {true, "its Go field disappears from the generated request type; the server no longer reads what we send"},
	"request-parameter-removed":                        {true, "its generated parameter disappears"},
	"request-property-type-changed":                    {true, "what we send no longer has the declared type; its Go field changes type"},
	"request-parameter-type-changed":                   {true, "what we send no longer has the declared type"},
	"request-body-type-changed":                        {true, "what we send no longer has the declared type"},
	"request-property-enum-value-added":                {false, "a value we may send; a new generated constant"},
	"request-property-enum-value-removed":              {true, "a value we may send is now refused; its generated constant disappears"},
	"request-parameter-enum-value-removed":             {true, "a value we may send is now refused"},
	"request-body-media-type-removed":                  {true, "the generated request method for that media type disappears"},
	"request-property-max-length-decreased":            {true, "a value we accept from the caller may now be refused"},
	"request-property-pattern-added":                   {true, "a value we accept from the caller may now be refused"},
	"request-property-pattern-changed":                 {true, "a value we accept from the caller may now be refused"},
	"request-body-max-length-decreased":                {true, "a value we accept from the caller may now be refused"},
	"request-property-became-not-nullable":             {true, "a null we may send is now refused"},
	"request-property-x-extensible-enum-value-removed": {true, "a value we may send is now refused"},

	// Responses: what we read.
	"response-optional-property-removed":    {true, "a member the server may send disappears from the contract: its Go field is removed"},
	"response-required-property-removed":    {true, "a member the server always sent disappears: its Go field is removed"},
	"response-optional-property-added":      {false, "optional and new: unknown members are ignored; a new pointer field"},
	"response-required-property-added":      {true, "required, so its Go field is a value, not a pointer: a server of a version that predates it (one client serves every version) leaves a silent zero value"},
	"response-property-became-required":     {true, "its Go field changes from *T to T"},
	"response-property-became-optional":     {true, "it may now be absent and its Go field changes from T to *T"},
	"response-property-type-changed":        {true, "what the server sends no longer decodes into the Go field's type"},
	"response-body-type-changed":            {true, "what the server sends no longer decodes into the generated type"},
	"response-property-enum-value-added":    {true, "a value our code has never seen: a switch over the generated constants misses it (oasdiff rates this a warning; we make a person look)"},
	"response-property-enum-value-removed":  {true, "its generated constant disappears (Go API); the wire stays compatible"},
	"response-success-status-removed":       {true, "its generated response type and JSON field disappear (e.g. JSON201)"},
	"response-success-status-added":         {false, "a new generated response field; the old status stays"},
	"response-non-success-status-removed":   {true, "its generated response field disappears"},
	"response-non-success-status-added":     {false, "a new generated response field"},
	"response-media-type-removed":           {true, "the generated JSON field for that media type disappears"},
	"response-media-type-added":             {false, "a new generated field"},
	"response-property-became-nullable":     {true, "a null may now arrive where our code expects a value"},
	"response-property-became-not-nullable": {false, "a null no longer arrives"},
	"response-mediatype-enum-value-added":   {true, "a value our code has never seen"},
}

// classify returns our verdict on f; unknown ids follow oasdiff's level
// (warning and error are breaking) and say so.
func classify(f finding, read bool) (bool, string) {
	r, ok := rules[f.ID]
	if !ok {
		level := map[int]string{1: "info", 2: "warning", 3: "error"}[f.Level]
		return f.Level >= 2, fmt.Sprintf("no rule of ours for %s; oasdiff rates it %s", f.ID, level)
	}
	reason := r.reason
	member := strings.Contains(f.ID, "property-removed") || strings.Contains(f.ID, "type-changed") || strings.Contains(f.ID, "became-optional")
	if read && member {
		reason = "our mapping reads it: " + reason
	}
	return r.breaking, reason
}
