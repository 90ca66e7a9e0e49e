package speccheck_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/devicecode/devicecode/specs"
)

// "Never stricter than the contract": a response schema may require a member
// only when the RFC that defines the response makes that member REQUIRED.
// What one server happens to always send belongs in SOURCE.md, not in a
// required list: a conforming server that omits an OPTIONAL member (e.g.
// interval, RFC 8628 section 3.2) must not be rejected. Requests we send may
// be as strict as we like and are not checked here.

// rfcShape is one response defined by an RFC: each member with its status
// there. A member the RFC does not define has no status.
type rfcShape struct {
	name    string
	members map[string]string // member -> REQUIRED, RECOMMENDED or OPTIONAL
}

var (
	// RFC 8628 section 3.2.
	rfcDeviceAuthorization = rfcShape{"RFC 8628 §3.2 device authorization response", map[string]string{
		"device_code":               "REQUIRED",
		"user_code":                 "REQUIRED",
		"verification_uri":          "REQUIRED",
		"verification_uri_complete": "OPTIONAL",
		"expires_in":                "REQUIRED",
		"interval":                  "OPTIONAL",
	}}
	// RFC 6749 section 5.1 (RFC 8628 section 3.5 uses it for the device
	// grant). scope is REQUIRED only when it differs from the scope
	// requested, which a schema cannot know, so it counts as OPTIONAL.
	rfcTokenResponse = rfcShape{"RFC 6749 §5.1 access token response", map[string]string{
		"access_token":  "REQUIRED",
		"token_type":    "REQUIRED",
		"expires_in":    "RECOMMENDED",
		"refresh_token": "OPTIONAL",
		"scope":         "OPTIONAL",
	}}
	// RFC 6749 section 5.2 (RFC 8628 section 3.5 adds error codes, not
	// members).
	rfcErrorResponse = rfcShape{"RFC 6749 §5.2 error response", map[string]string{
		"error":             "REQUIRED",
		"error_description": "OPTIONAL",
		"error_uri":         "OPTIONAL",
	}}
)

// responseContract ties one response schema of a vendor contract to the RFC
// response it carries.
type responseContract struct {
	vendor string // directory under specs/
	schema string // component name in <vendor>/openapi.json
	shape  rfcShape
	// rename maps a vendor member to the RFC member it carries, where the
	// names differ; a member with the RFC's own name maps to itself, any
	// other member has no RFC counterpart (an extension).
	rename map[string]string
	// upstream lists members required beyond the RFC, with the reason we
	// tolerate it. Only for a contract we may not edit (Veeam's upstream
	// subset): each entry must still occur, so the list cannot go stale.
	upstream map[string]string
}

var responseContracts = []responseContract{
	// GitLab: JSON Schema files behind the OpenAPI wrapper.
	{vendor: "gitlab", schema: "DeviceAuthorizationResponse", shape: rfcDeviceAuthorization},
	{vendor: "gitlab", schema: "TokenResponse", shape: rfcTokenResponse},
	{vendor: "gitlab", schema: "OAuthError", shape: rfcErrorResponse},

	// Microsoft: v2.0 and the legacy v1 device response.
	{vendor: "microsoft", schema: "DeviceCodeResponse", shape: rfcDeviceAuthorization},
	{vendor: "microsoft", schema: "DeviceCodeResponseV1", shape: rfcDeviceAuthorization,
		rename: map[string]string{"verification_url": "verification_uri"}},
	{vendor: "microsoft", schema: "TokenResponse", shape: rfcTokenResponse},
	{vendor: "microsoft", schema: "ErrorResponse", shape: rfcErrorResponse},

	// Cohesity: camelCase, lifetimes suffixed Secs.
	{vendor: "cohesity", schema: "GenerateM365DeviceCodeResponseParams", shape: rfcDeviceAuthorization,
		rename: map[string]string{
			"deviceCode": "device_code", "userCode": "user_code", "verificationUri": "verification_uri",
			"expiresInSecs": "expires_in", "intervalSecs": "interval",
		}},
	{vendor: "cohesity", schema: "GenerateM365DeviceAccessTokenResponseParams", shape: rfcTokenResponse,
		rename: map[string]string{"accessToken": "access_token", "expiresInSecs": "expires_in"}},
	{vendor: "cohesity", schema: "Error", shape: rfcErrorResponse,
		rename: map[string]string{"errorCode": "error", "message": "error_description"}},

	// Veeam: no device code, no interval; upstream's subset.
	{vendor: "veeam", schema: "RESTDeviceCodeResponse", shape: rfcDeviceAuthorization,
		rename: map[string]string{"userCode": "user_code", "verificationUrl": "verification_uri", "expiresIn": "expires_in"}},
	{vendor: "veeam", schema: "RESTDeviceCodeInfo", shape: rfcDeviceAuthorization,
		rename: map[string]string{"userCode": "user_code", "verificationUri": "verification_uri", "expiresOnUtc": "expires_in"}},
	{vendor: "veeam", schema: "OAuthTokenResponse", shape: rfcTokenResponse,
		upstream: map[string]string{
			"expires_in":    veeamTokenUpstream,
			"refresh_token": veeamTokenUpstream,
			".issued":       veeamTokenUpstream,
			".expires":      veeamTokenUpstream,
		}},
	{vendor: "veeam", schema: "RESTExceptionInfo", shape: rfcErrorResponse,
		rename: map[string]string{"message": "error_description"}},
}

const veeamTokenUpstream = "Veeam's upstream spec (v6–v8; our cut: v8) requires it on the VB365 login (password grant, not the device flow); specs/veeam/openapi.json is upstream's subset and not edited by hand (SOURCE.md, Field requirements)"

// nonOAuthResponses are the response schemas that carry no RFC-defined
// response, so no RFC bounds their required list.
var nonOAuthResponses = map[string]string{
	"cohesity/CreateAzureApplicationResponseParams": "Cohesity's Azure application credentials",
	"cohesity/CreateAccessTokenResponseParams":      "Cohesity's own cluster login (username and password), not an OAuth token response",
	"cohesity/SourceRegistrationResponseParams":     "a Cohesity source registration",
	"veeam/RESTDeviceCodeCheckResponse":             "VB365's own completion poll ({authenticated}); VB365 keeps the device code and polls Microsoft itself",
	"veeam/RestOrganizationComposed":                "a VB365 organization",
	"veeam/PageOfRESTApplication":                   "a page of VB365 applications",
	"veeam/RESTServiceInstance":                     "the VB365 server's description of itself, fetched only to probe which API versions it serves",
}

// requiredProblems names every way the loaded contracts require more than
// the RFCs (or let a response schema refuse unknown members), and every
// response schema the table above does not classify.
func requiredProblems(docs map[string]*openapi3.T) []string {
	var out []string
	classified := map[string]bool{}
	for _, c := range responseContracts {
		classified[c.vendor+"/"+c.schema] = true
		out = append(out, c.problems(docs[c.vendor])...)
	}
	for k := range nonOAuthResponses {
		classified[k] = true
	}
	for _, v := range slices.Sorted(maps.Keys(docs)) {
		for _, name := range responseSchemaNames(docs[v]) {
			if !classified[v+"/"+name] {
				out = append(out, fmt.Sprintf("%s %s: a response schema with no RFC shape assigned: add it to responseContracts or nonOAuthResponses", v, name))
			}
			if s := docs[v].Components.Schemas[name]; s != nil && s.Value != nil {
				out = append(out, closedProblems(v, schemaLabel(name, s), s.Value)...)
			}
		}
	}
	return out
}

func (c responseContract) problems(doc *openapi3.T) []string {
	ref := doc.Components.Schemas[c.schema]
	if ref == nil || ref.Value == nil {
		return []string{fmt.Sprintf("%s %s: schema missing", c.vendor, c.schema)}
	}
	s, label := ref.Value, schemaLabel(c.schema, ref)
	var out []string
	for _, member := range slices.Sorted(maps.Keys(c.rename)) {
		if s.Properties[member] == nil {
			out = append(out, fmt.Sprintf("%s %s: renamed member %q is not a property", c.vendor, label, member))
		}
	}
	seen := map[string]bool{}
	for _, member := range allRequired(s) {
		rfc := c.rfcName(member)
		status := c.shape.members[rfc]
		if status == "REQUIRED" {
			continue
		}
		if _, ok := c.upstream[member]; ok {
			seen[member] = true
			continue
		}
		what := fmt.Sprintf("%s makes %s %s", c.shape.name, rfc, status)
		if rfc == "" {
			what = c.shape.name + " has no such member"
		}
		out = append(out, fmt.Sprintf("%s %s: %q is required, but %s: never stricter than the contract", c.vendor, label, member, what))
	}
	for _, member := range slices.Sorted(maps.Keys(c.upstream)) {
		if !seen[member] {
			out = append(out, fmt.Sprintf("%s %s: %q is listed as required upstream but no longer is: update responseContracts and SOURCE.md", c.vendor, label, member))
		}
	}
	for member, prop := range s.Properties {
		if c.rfcName(member) != "token_type" || prop.Value == nil {
			continue
		}
		if p := prop.Value; len(p.Enum) > 0 || p.Const != nil || p.Pattern != "" {
			out = append(out, fmt.Sprintf("%s %s: %q is constrained (enum, const or pattern), but RFC 6749 §5.1 compares token_type case-insensitively", c.vendor, label, member))
		}
	}
	return out
}

// rfcName is the RFC member a vendor member carries, "" for none.
func (c responseContract) rfcName(member string) string {
	if rfc, ok := c.rename[member]; ok {
		return rfc
	}
	if _, ok := c.shape.members[member]; ok {
		return member
	}
	return ""
}

// allRequired is the schema's required list plus those of its allOf
// branches, which bind just as much.
func allRequired(s *openapi3.Schema) []string {
	req := slices.Clone(s.Required)
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			req = append(req, allRequired(sub.Value)...)
		}
	}
	for _, deps := range s.DependentRequired {
		req = append(req, deps...)
	}
	slices.Sort(req)
	return slices.Compact(req)
}

// closedProblems reports a response schema that refuses unknown members:
// servers may add members (RFC 6749 §5.1: clients MUST ignore unrecognized
// value names).
func closedProblems(vendor, label string, s *openapi3.Schema) []string {
	var out []string
	for kw, b := range map[string]openapi3.BoolSchema{
		"additionalProperties": s.AdditionalProperties, "unevaluatedProperties": s.UnevaluatedProperties,
	} {
		if b.Has != nil && !*b.Has {
			out = append(out, fmt.Sprintf("%s %s: %s: false refuses unknown members a server may add", vendor, label, kw))
		}
	}
	slices.Sort(out)
	return out
}

// schemaLabel names a component and, for GitLab, the JSON Schema file it
// refers to.
func schemaLabel(name string, ref *openapi3.SchemaRef) string {
	if strings.HasSuffix(ref.Ref, ".schema.json") {
		return fmt.Sprintf("%s (%s)", name, path.Base(ref.Ref))
	}
	return name
}

// responseSchemaNames lists the components every operation's responses
// refer to, in any media type.
func responseSchemaNames(doc *openapi3.T) []string {
	seen := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for _, media := range resp.Value.Content {
					if media.Schema != nil && strings.HasPrefix(media.Schema.Ref, "#/components/schemas/") {
						seen[strings.TrimPrefix(media.Schema.Ref, "#/components/schemas/")] = true
					}
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func specAllDocs(t *testing.T) map[string]*openapi3.T {
	t.Helper()
	docs := map[string]*openapi3.T{}
	for _, v := range specVendors {
		docs[v] = specDoc(t, v+"/openapi.json")
	}
	return docs
}

// TestResponsesNeverStricterThanTheRFC: every response schema of every
// vendor requires only what the RFC defining that response requires, mapped
// through the vendor's member names, and accepts unknown members.
func TestResponsesNeverStricterThanTheRFC(t *testing.T) {
	for _, p := range requiredProblems(specAllDocs(t)) {
		t.Error(p)
	}
}

// TestResponseRequiredSeenThroughTheWrapper: GitLab's required lists are
// read through the OpenAPI wrapper above, while normalize validates with the
// JSON Schema files themselves. Both must see the same list, or the test
// above would check something else than what runs.
func TestResponseRequiredSeenThroughTheWrapper(t *testing.T) {
	docs := specAllDocs(t)
	files := 0
	for _, c := range responseContracts {
		ref := docs[c.vendor].Components.Schemas[c.schema]
		if ref == nil || !strings.HasSuffix(ref.Ref, ".schema.json") {
			continue
		}
		files++
		raw, err := fs.ReadFile(specs.FS, path.Join(c.vendor, path.Clean(ref.Ref)))
		if err != nil {
			t.Fatal(err)
		}
		var file struct{ Required []string }
		if err := json.Unmarshal(raw, &file); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(file.Required, ref.Value.Required) {
			t.Errorf("%s %s: file requires %v, the loaded wrapper %v", c.vendor, c.schema, file.Required, ref.Value.Required)
		}
	}
	if files != 3 {
		t.Errorf("compared %d GitLab schema files, want 3", files)
	}
}

// TestRequiredCheckCatchesBreakage breaks a freshly loaded copy of the
// contracts and checks that each break is reported, naming vendor, schema
// and member, so the test above cannot pass vacuously.
func TestRequiredCheckCatchesBreakage(t *testing.T) {
	require := func(vendor, schema string, members ...string) func(map[string]*openapi3.T) {
		return func(docs map[string]*openapi3.T) {
			s := docs[vendor].Components.Schemas[schema].Value
			s.Required = append(slices.Clone(s.Required), members...)
		}
	}
	tests := []struct {
		name   string
		mutate func(docs map[string]*openapi3.T)
		want   []string
	}{
		{"GitLab interval required again", require("gitlab", "DeviceAuthorizationResponse", "interval"), []string{
			`gitlab DeviceAuthorizationResponse (device-authorization-response.schema.json): "interval" is required, but RFC 8628 §3.2 device authorization response makes interval OPTIONAL: never stricter than the contract`,
		}},
		{"GitLab verification_uri_complete required", require("gitlab", "DeviceAuthorizationResponse", "verification_uri_complete"), []string{
			`gitlab DeviceAuthorizationResponse (device-authorization-response.schema.json): "verification_uri_complete" is required, but RFC 8628 §3.2 device authorization response makes verification_uri_complete OPTIONAL: never stricter than the contract`,
		}},
		{"GitLab created_at required", require("gitlab", "TokenResponse", "created_at"), []string{
			`gitlab TokenResponse (token-response.schema.json): "created_at" is required, but RFC 6749 §5.1 access token response has no such member: never stricter than the contract`,
		}},
		{"Microsoft expires_in and refresh_token required", require("microsoft", "TokenResponse", "expires_in", "refresh_token"), []string{
			`microsoft TokenResponse: "expires_in" is required, but RFC 6749 §5.1 access token response makes expires_in RECOMMENDED: never stricter than the contract`,
			`microsoft TokenResponse: "refresh_token" is required, but RFC 6749 §5.1 access token response makes refresh_token OPTIONAL: never stricter than the contract`,
		}},
		{"Microsoft v1 interval required", require("microsoft", "DeviceCodeResponseV1", "interval"), []string{
			`microsoft DeviceCodeResponseV1: "interval" is required, but RFC 8628 §3.2 device authorization response makes interval OPTIONAL: never stricter than the contract`,
		}},
		{"Cohesity intervalSecs required", require("cohesity", "GenerateM365DeviceCodeResponseParams", "intervalSecs"), []string{
			`cohesity GenerateM365DeviceCodeResponseParams: "intervalSecs" is required, but RFC 8628 §3.2 device authorization response makes interval OPTIONAL: never stricter than the contract`,
		}},
		{"Cohesity taskLogId required", require("cohesity", "Error", "taskLogId"), []string{
			`cohesity Error: "taskLogId" is required, but RFC 6749 §5.2 error response has no such member: never stricter than the contract`,
		}},
		{"Veeam message required", require("veeam", "RESTDeviceCodeResponse", "message"), []string{
			`veeam RESTDeviceCodeResponse: "message" is required, but RFC 8628 §3.2 device authorization response has no such member: never stricter than the contract`,
		}},
		{"Veeam upstream drops a requirement", func(docs map[string]*openapi3.T) {
			s := docs["veeam"].Components.Schemas["OAuthTokenResponse"].Value
			s.Required = slices.DeleteFunc(slices.Clone(s.Required), func(m string) bool { return m == ".issued" })
		}, []string{
			`veeam OAuthTokenResponse: ".issued" is listed as required upstream but no longer is: update responseContracts and SOURCE.md`,
		}},
		{"required through allOf", func(docs map[string]*openapi3.T) {
			s := docs["microsoft"].Components.Schemas["DeviceCodeResponse"].Value
			s.AllOf = openapi3.SchemaRefs{{Value: &openapi3.Schema{Required: []string{"message"}}}}
		}, []string{
			`microsoft DeviceCodeResponse: "message" is required, but RFC 8628 §3.2 device authorization response has no such member: never stricter than the contract`,
		}},
		{"token_type as an enum", func(docs map[string]*openapi3.T) {
			docs["gitlab"].Components.Schemas["TokenResponse"].Value.Properties["token_type"].Value.Enum = []any{"Bearer"}
		}, []string{
			`gitlab TokenResponse (token-response.schema.json): "token_type" is constrained (enum, const or pattern), but RFC 6749 §5.1 compares token_type case-insensitively`,
		}},
		{"unknown members refused", func(docs map[string]*openapi3.T) {
			no := false
			docs["cohesity"].Components.Schemas["GenerateM365DeviceCodeResponseParams"].Value.AdditionalProperties.Has = &no
		}, []string{
			`cohesity GenerateM365DeviceCodeResponseParams: additionalProperties: false refuses unknown members a server may add`,
		}},
		{"an unclassified response schema", func(docs map[string]*openapi3.T) {
			doc := docs["microsoft"]
			doc.Components.Schemas["NewBody"] = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
			doc.Paths.Value("/{tenant}/oauth2/v2.0/token").Post.Responses.Value("400").Value.Content["application/json"] =
				&openapi3.MediaType{Schema: &openapi3.SchemaRef{Ref: "#/components/schemas/NewBody"}}
		}, []string{
			`microsoft NewBody: a response schema with no RFC shape assigned: add it to responseContracts or nonOAuthResponses`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := specAllDocs(t) // fresh copies each time
			tt.mutate(docs)
			if got := requiredProblems(docs); !slices.Equal(got, tt.want) {
				t.Errorf("problems\n%s\nwant exactly\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
