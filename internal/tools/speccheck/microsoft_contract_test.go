package speccheck_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The Microsoft identity platform's device-code article is the contract; no
// upstream file exists to diff against. These tables are that article as
// data. Validating sample bodies is not enough: the schemas allow extra
// members, so a property dropped from the spec would still accept every
// body. Here each documented member must be declared with its type.

// microsoftField is the expected declaration of one member.
type microsoftField struct {
	typ    string
	format string
	items  string // type of array items
}

// microsoftModel is one documented body: its members and which are required.
type microsoftModel struct {
	required []string
	fields   map[string]microsoftField
}

var (
	microsoftStr = microsoftField{typ: "string"}
	microsoftInt = microsoftField{typ: "integer"}
	microsoftURI = microsoftField{typ: "string", format: "uri"}
)

var microsoftContract = map[string]microsoftModel{
	// Device authorization request: tenant is a path parameter.
	"DeviceCodeRequest": {
		required: []string{"client_id", "scope"},
		fields:   map[string]microsoftField{"client_id": microsoftStr, "scope": microsoftStr},
	},
	// Device authorization response: the article's six members; RFC 8628
	// makes the first four mandatory.
	"DeviceCodeResponse": {
		required: []string{"device_code", "expires_in", "user_code", "verification_uri"},
		fields: map[string]microsoftField{
			"device_code": microsoftStr, "user_code": microsoftStr, "verification_uri": microsoftURI,
			"expires_in": microsoftInt, "interval": microsoftInt, "message": microsoftStr,
		},
	},
	// Token request: grant_type (the URN), client_id, device_code.
	"TokenRequest": {
		required: []string{"client_id", "device_code", "grant_type"},
		fields: map[string]microsoftField{
			"grant_type": microsoftStr, "client_id": microsoftStr, "device_code": microsoftStr, "client_secret": microsoftStr,
		},
	},
	// Successful token response.
	"TokenResponse": {
		required: []string{"access_token", "token_type"},
		fields: map[string]microsoftField{
			"token_type": microsoftStr, "scope": microsoftStr, "expires_in": microsoftInt, "ext_expires_in": microsoftInt,
			"access_token": microsoftStr, "refresh_token": microsoftStr, "id_token": microsoftStr,
		},
	},
	// Error body: RFC 6749 plus Microsoft's diagnostic members.
	"ErrorResponse": {
		required: []string{"error"},
		fields: map[string]microsoftField{
			"error": microsoftStr, "error_description": microsoftStr,
			"error_codes": {typ: "array", items: "integer"},
			"timestamp":   microsoftStr, "trace_id": microsoftStr, "correlation_id": microsoftStr, "error_uri": microsoftStr,
		},
	},
}

// microsoftPollingErrors are the token-endpoint error values the article
// documents for the device flow, plus slow_down, which RFC 8628 obliges
// clients to handle. error is deliberately not an enum, so the schema's
// description is where they are recorded.
var microsoftPollingErrors = []string{
	"authorization_pending", "authorization_declined", "bad_verification_code", "expired_token", "slow_down",
}

// microsoftContractDiff names every way the spec departs from want.
func microsoftContractDiff(doc *openapi3.T, want map[string]microsoftModel) []string {
	var diffs []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			diffs = append(diffs, name+": missing")
			continue
		}
		diffs = append(diffs, microsoftModelDiff(name, ref.Value, want[name])...)
	}
	return diffs
}

func microsoftModelDiff(name string, s *openapi3.Schema, want microsoftModel) []string {
	var diffs []string
	if got := slices.Sorted(slices.Values(s.Required)); !slices.Equal(got, want.required) {
		diffs = append(diffs, fmt.Sprintf("%s: required %v, want %v", name, got, want.required))
	}
	for _, prop := range slices.Sorted(maps.Keys(s.Properties)) {
		if _, ok := want.fields[prop]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s.%s: not in the documented contract", name, prop))
		}
	}
	for _, prop := range slices.Sorted(maps.Keys(want.fields)) {
		ref := s.Properties[prop]
		if ref == nil || ref.Value == nil {
			diffs = append(diffs, fmt.Sprintf("%s.%s: missing", name, prop))
			continue
		}
		if got := microsoftFieldOf(ref.Value); got != want.fields[prop] {
			diffs = append(diffs, fmt.Sprintf("%s.%s: %+v, want %+v", name, prop, got, want.fields[prop]))
		}
	}
	return diffs
}

func microsoftFieldOf(s *openapi3.Schema) microsoftField {
	f := microsoftField{format: s.Format}
	if s.Type != nil && len(*s.Type) == 1 {
		f.typ = (*s.Type)[0]
	}
	if s.Items != nil && s.Items.Value != nil && s.Items.Value.Type != nil && len(*s.Items.Value.Type) == 1 {
		f.items = (*s.Items.Value.Type)[0]
	}
	return f
}

func TestMicrosoftDocumentedContract(t *testing.T) {
	for _, d := range microsoftContractDiff(specDoc(t, microsoftSpec), microsoftContract) {
		t.Error(d)
	}
}

// TestMicrosoftDocumentedErrorCodes: each documented polling error is named
// where a reader of the spec (and of the generated Go doc) will find it.
func TestMicrosoftDocumentedErrorCodes(t *testing.T) {
	desc := microsoftSchema(t, specDoc(t, microsoftSpec), "ErrorResponse").Description
	for _, code := range microsoftPollingErrors {
		if !strings.Contains(desc, code) {
			t.Errorf("ErrorResponse description does not name the documented error %s", code)
		}
	}
}

// TestMicrosoftContractDiffCatchesBreakage breaks a loaded copy of the spec
// and checks the comparator names each break, so the contract test above
// cannot pass vacuously.
func TestMicrosoftContractDiffCatchesBreakage(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(s openapi3.Schemas)
		want   string
	}{
		{"trace_id dropped", func(s openapi3.Schemas) { delete(s["ErrorResponse"].Value.Properties, "trace_id") },
			"ErrorResponse.trace_id: missing"},
		{"error_codes as strings", func(s openapi3.Schemas) {
			s["ErrorResponse"].Value.Properties["error_codes"].Value.Items.Value.Type = &openapi3.Types{"string"}
		}, "ErrorResponse.error_codes: {typ:array format: items:string}, want {typ:array format: items:integer}"},
		{"message dropped", func(s openapi3.Schemas) { delete(s["DeviceCodeResponse"].Value.Properties, "message") },
			"DeviceCodeResponse.message: missing"},
		{"verification_uri loses its format", func(s openapi3.Schemas) {
			s["DeviceCodeResponse"].Value.Properties["verification_uri"].Value.Format = ""
		}, "DeviceCodeResponse.verification_uri: {typ:string format: items:}, want {typ:string format:uri items:}"},
		{"interval made required", func(s openapi3.Schemas) {
			v := s["DeviceCodeResponse"].Value
			v.Required = append(slices.Clone(v.Required), "interval")
		}, "DeviceCodeResponse: required [device_code expires_in interval user_code verification_uri], want [device_code expires_in user_code verification_uri]"},
		{"v1 spelling added", func(s openapi3.Schemas) {
			s["DeviceCodeResponse"].Value.Properties["verification_url"] = s["DeviceCodeResponse"].Value.Properties["verification_uri"]
		}, "DeviceCodeResponse.verification_url: not in the documented contract"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := specDoc(t, microsoftSpec) // a fresh copy each time
			tt.mutate(doc.Components.Schemas)
			got := microsoftContractDiff(doc, microsoftContract)
			if !slices.Equal(got, []string{tt.want}) {
				t.Errorf("differences %q, want exactly %q", got, tt.want)
			}
		})
	}
}
