package speccheck_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/devicecode/devicecode/gen/cohesity"
)

// cohesitySpec is the contract's path relative to this package, where go
// test runs.
const cohesitySpec = "cohesity/openapi.json"

// cohesityProp is the expected wire shape of one property.
type cohesityProp struct {
	typ      string
	format   string
	nullable bool
	items    string   // component name of array items
	enum     []string // allowed values, if any
}

// cohesityModel is the expected shape of one component schema.
type cohesityModel struct {
	required []string
	props    map[string]cohesityProp
}

var (
	cohesityString = cohesityProp{typ: "string", nullable: true}
	cohesityInt64  = cohesityProp{typ: "integer", format: "int64", nullable: true}
)

// cohesityModels is VENDORS.md's Cohesity section as data: camelCase keys,
// every property nullable, int64 lifetimes. appCount is the one exception:
// Cohesity's generated clients type it int32 and never accept null.
var cohesityModels = map[string]cohesityModel{
	"GenerateM365DeviceCodeRequestParams": {props: map[string]cohesityProp{
		"domain": cohesityString,
	}},
	"GenerateM365DeviceCodeResponseParams": {props: map[string]cohesityProp{
		"deviceCode":      cohesityString,
		"userCode":        cohesityString,
		"verificationUri": cohesityString,
		"expiresInSecs":   cohesityInt64,
		"intervalSecs":    cohesityInt64,
	}},
	"GenerateM365DeviceAccessTokenRequestParams": {props: map[string]cohesityProp{
		"domain":     cohesityString,
		"deviceCode": cohesityString,
	}},
	"GenerateM365DeviceAccessTokenResponseParams": {props: map[string]cohesityProp{
		"accessToken":   cohesityString,
		"expiresInSecs": cohesityInt64,
	}},
	"CreateAzureApplicationRequestParams": {
		required: []string{"accessToken", "appCount", "username"},
		props: map[string]cohesityProp{
			"accessToken": cohesityString,
			"appCount":    {typ: "integer", format: "int32"},
			"username":    cohesityString,
			"existingMicrosoft365AppCredentialsList": {
				typ: "array", nullable: true, items: "M365AppCredentials",
			},
			"microsoft365Region": {
				typ: "string", nullable: true,
				enum: []string{"Default", "China", "Germany", "UsDoD", "UsGccHigh"},
			},
		},
	},
	"CreateAzureApplicationResponseParams": {props: map[string]cohesityProp{
		"microsoft365AppCredentialsList": {
			typ: "array", nullable: true, items: "M365AppCredentials",
		},
	}},
	"M365AppCredentials": {props: map[string]cohesityProp{
		"clientId":     cohesityString,
		"clientSecret": cohesityString,
	}},
	"CreateAccessTokenRequestParams": {
		required: []string{"password", "username"},
		props: map[string]cohesityProp{
			"username": cohesityString,
			"password": cohesityString,
			"domain":   cohesityString,
		},
	},
	"CreateAccessTokenResponseParams": {props: map[string]cohesityProp{
		"accessToken": cohesityString,
		"tokenType":   cohesityString,
		"privileges":  {typ: "array", nullable: true},
	}},
	"SourceRegistrationRequestParams": {
		required: []string{"environment"},
		props: map[string]cohesityProp{
			"environment":     {typ: "string"},
			"name":            cohesityString,
			"office365Params": {typ: "object", nullable: true},
		},
	},
	"Office365SourceRegistrationParams": {
		required: []string{"endpoint", "password", "username"},
		props: map[string]cohesityProp{
			"username": cohesityString,
			"password": cohesityString,
			"endpoint": cohesityString,
			"office365AppCredentialsList": {
				typ: "array", nullable: true, items: "M365AppCredentials",
			},
			"office365Region": {
				typ: "string", nullable: true,
				enum: []string{"Default", "China", "Germany", "UsDoD", "UsGccHigh"},
			},
			"useOAuthForExchangeOnline": {typ: "boolean", nullable: true},
		},
	},
	"SourceRegistrationResponseParams": {props: map[string]cohesityProp{
		"id":          cohesityInt64,
		"sourceId":    cohesityInt64,
		"name":        cohesityString,
		"environment": cohesityString,
	}},
	"Error": {props: map[string]cohesityProp{
		"errorCode": cohesityString,
		"message":   cohesityString,
		"taskLogId": cohesityString,
	}},
}

func TestCohesityModels(t *testing.T) {
	for _, d := range cohesityDiff(specDoc(t, cohesitySpec), cohesityModels) {
		t.Error(d)
	}
}

// TestCohesityDiffCatchesDrift breaks an in-memory copy of the contract and
// checks that the comparator names each break: a comparator that reports
// nothing would make TestCohesityModels pass vacuously.
func TestCohesityDiffCatchesDrift(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(s openapi3.Schemas)
		want   []string
	}{
		{
			name: "expiresInSecs retyped as string",
			mutate: func(s openapi3.Schemas) {
				p := cohesityProperty(s, "GenerateM365DeviceCodeResponseParams", "expiresInSecs")
				p.Type, p.Format = &openapi3.Types{"string"}, ""
			},
			want: []string{
				"GenerateM365DeviceCodeResponseParams.expiresInSecs: type string, want integer",
				"GenerateM365DeviceCodeResponseParams.expiresInSecs: format \"\", want \"int64\"",
			},
		},
		{
			name: "userCode renamed to snake_case",
			mutate: func(s openapi3.Schemas) {
				props := s["GenerateM365DeviceCodeResponseParams"].Value.Properties
				props["user_code"] = props["userCode"]
				delete(props, "userCode")
			},
			want: []string{
				"GenerateM365DeviceCodeResponseParams.userCode: missing",
				"GenerateM365DeviceCodeResponseParams.user_code: unexpected property",
			},
		},
		{
			name: "nullable dropped from deviceCode",
			mutate: func(s openapi3.Schemas) {
				cohesityProperty(s, "GenerateM365DeviceCodeResponseParams", "deviceCode").Nullable = false
			},
			want: []string{"GenerateM365DeviceCodeResponseParams.deviceCode: nullable false, want true"},
		},
		{
			name: "appCount widened to int64",
			mutate: func(s openapi3.Schemas) {
				cohesityProperty(s, "CreateAzureApplicationRequestParams", "appCount").Format = "int64"
			},
			want: []string{"CreateAzureApplicationRequestParams.appCount: format \"int64\", want \"int32\""},
		},
		{
			name: "username no longer required",
			mutate: func(s openapi3.Schemas) {
				s["CreateAzureApplicationRequestParams"].Value.Required = []string{"accessToken", "appCount"}
			},
			want: []string{"CreateAzureApplicationRequestParams: required [accessToken appCount], want [accessToken appCount username]"},
		},
		{
			name: "region enum loses a value",
			mutate: func(s openapi3.Schemas) {
				p := cohesityProperty(s, "CreateAzureApplicationRequestParams", "microsoft365Region")
				p.Enum = p.Enum[:4]
			},
			want: []string{"CreateAzureApplicationRequestParams.microsoft365Region: enum [Default China Germany UsDoD], want [Default China Germany UsDoD UsGccHigh]"},
		},
		{
			name: "Error schema removed",
			mutate: func(s openapi3.Schemas) {
				delete(s, "Error")
			},
			want: []string{"Error: missing schema"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := specDoc(t, cohesitySpec)
			tt.mutate(doc.Components.Schemas)
			got := cohesityDiff(doc, cohesityModels)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("comparator missed %q; reported:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

func cohesityProperty(s openapi3.Schemas, model, prop string) *openapi3.Schema {
	return s[model].Value.Properties[prop].Value
}

// cohesityDiff lists, in a stable order, every way the document's component
// schemas differ from want. Each entry names the schema and property.
func cohesityDiff(doc *openapi3.T, want map[string]cohesityModel) []string {
	var diffs []string
	for _, name := range cohesitySortedKeys(want) {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			diffs = append(diffs, name+": missing schema")
			continue
		}
		diffs = append(diffs, cohesityModelDiff(name, ref.Value, want[name])...)
	}
	return diffs
}

func cohesityModelDiff(name string, got *openapi3.Schema, want cohesityModel) []string {
	var diffs []string
	if r := cohesitySorted(got.Required); !slices.Equal(r, cohesitySorted(want.required)) {
		diffs = append(diffs, fmt.Sprintf("%s: required %v, want %v", name, r, cohesitySorted(want.required)))
	}
	for _, p := range cohesitySortedKeys(want.props) {
		ref := got.Properties[p]
		if ref == nil || ref.Value == nil {
			diffs = append(diffs, name+"."+p+": missing")
			continue
		}
		diffs = append(diffs, cohesityPropDiff(name+"."+p, ref.Value, want.props[p])...)
	}
	for _, p := range cohesitySortedKeys(got.Properties) {
		if _, ok := want.props[p]; !ok {
			diffs = append(diffs, name+"."+p+": unexpected property")
		}
	}
	return diffs
}

func cohesityPropDiff(at string, got *openapi3.Schema, want cohesityProp) []string {
	var diffs []string
	add := func(field string, g, w any) {
		diffs = append(diffs, fmt.Sprintf("%s: %s %v, want %v", at, field, g, w))
	}
	if typ := cohesityType(got); typ != want.typ {
		add("type", typ, want.typ)
	}
	if got.Format != want.format {
		add("format", fmt.Sprintf("%q", got.Format), fmt.Sprintf("%q", want.format))
	}
	if got.Nullable != want.nullable {
		add("nullable", got.Nullable, want.nullable)
	}
	if items := cohesityItems(got); items != want.items {
		add("items", fmt.Sprintf("%q", items), fmt.Sprintf("%q", want.items))
	}
	if enum := cohesityEnum(got); !slices.Equal(enum, want.enum) {
		add("enum", enum, want.enum)
	}
	return diffs
}

func cohesityType(s *openapi3.Schema) string {
	if s.Type == nil {
		return ""
	}
	return strings.Join(s.Type.Slice(), ",")
}

// cohesityItems names the component an array's items refer to.
func cohesityItems(s *openapi3.Schema) string {
	if s.Items == nil {
		return ""
	}
	return strings.TrimPrefix(s.Items.Ref, "#/components/schemas/")
}

func cohesityEnum(s *openapi3.Schema) []string {
	var out []string
	for _, v := range s.Enum {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func cohesitySorted(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

func cohesitySortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestCohesityOperations pins the six operations: method, tag, the request
// model, success 201 (not 200) with its model, and default Error.
func TestCohesityOperations(t *testing.T) {
	doc := specDoc(t, cohesitySpec)
	if got := doc.Servers[0].URL; got != "https://{cluster}/v2" {
		t.Errorf("server = %q, want https://{cluster}/v2", got)
	}
	const apps = "/data-protect/sources/microsoft365/azure-applications"
	tests := []struct {
		path, method, tag, id, req, resp string
	}{
		{"/access-tokens", http.MethodPost, "AccessToken", "CreateAccessToken",
			"CreateAccessTokenRequestParams", "CreateAccessTokenResponseParams"},
		{"/data-protect/sources/microsoft365/auth/device-code", http.MethodPost, "Source", "GenerateM365DeviceCode",
			"GenerateM365DeviceCodeRequestParams", "GenerateM365DeviceCodeResponseParams"},
		{"/data-protect/sources/microsoft365/auth/token", http.MethodPost, "Source", "GenerateM365DeviceAccessToken",
			"GenerateM365DeviceAccessTokenRequestParams", "GenerateM365DeviceAccessTokenResponseParams"},
		{apps, http.MethodPost, "Source", "CreateAzureApplications",
			"CreateAzureApplicationRequestParams", "CreateAzureApplicationResponseParams"},
		{apps, http.MethodPut, "Source", "CreateOrUpdateAzureApplications",
			"CreateAzureApplicationRequestParams", "CreateAzureApplicationResponseParams"},
		{"/data-protect/sources/registrations", http.MethodPost, "Source", "RegisterProtectionSource",
			"SourceRegistrationRequestParams", "SourceRegistrationResponseParams"},
	}
	ops := 0
	for _, item := range doc.Paths.Map() {
		ops += len(item.Operations())
	}
	if ops != len(tests) {
		t.Errorf("%d operations, want %d", ops, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			item := doc.Paths.Value(tt.path)
			if item == nil || item.GetOperation(tt.method) == nil {
				t.Fatalf("%s %s: missing", tt.method, tt.path)
			}
			op := item.GetOperation(tt.method)
			if op.OperationID != tt.id || !slices.Equal(op.Tags, []string{tt.tag}) {
				t.Errorf("operationId %q tags %v, want %q [%s]", op.OperationID, op.Tags, tt.id, tt.tag)
			}
			if got := cohesityBodyRef(op.RequestBody.Value.Content); got != tt.req {
				t.Errorf("request = %q, want %q", got, tt.req)
			}
			if op.Responses.Len() != 2 || op.Responses.Status(201) == nil {
				t.Fatalf("responses = %v, want exactly 201 and default", op.Responses.Map())
			}
			if got := cohesityBodyRef(op.Responses.Status(201).Value.Content); got != tt.resp {
				t.Errorf("201 = %q, want %q", got, tt.resp)
			}
			if got := cohesityBodyRef(op.Responses.Default().Value.Content); got != "Error" {
				t.Errorf("default = %q, want Error", got)
			}
		})
	}
}

// TestCohesityLoginNeedsNoCredential pins that the login operation opts out
// of the global security: it is how a credential is obtained.
func TestCohesityLoginNeedsNoCredential(t *testing.T) {
	op := specDoc(t, cohesitySpec).Paths.Value("/access-tokens").Post
	if op.Security == nil || len(*op.Security) != 0 {
		t.Errorf("CreateAccessToken security = %v, want [] (none)", op.Security)
	}
}

func cohesityBodyRef(c openapi3.Content) string {
	mt := c.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return ""
	}
	return strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
}

// TestCohesitySecurity pins the three API credentials and that any one of
// them suffices: each requirement lists a single scheme.
func TestCohesitySecurity(t *testing.T) {
	doc := specDoc(t, cohesitySpec)
	want := map[string]openapi3.SecurityScheme{
		"APIKeyHeader":    {Type: "apiKey", In: "header", Name: "apiKey"},
		"TokenHeader":     {Type: "http", Scheme: "bearer"},
		"SessionIdHeader": {Type: "apiKey", In: "header", Name: "session-id"},
	}
	schemes := doc.Components.SecuritySchemes
	if len(schemes) != len(want) {
		t.Errorf("%d security schemes, want %d", len(schemes), len(want))
	}
	for name, w := range want {
		ref := schemes[name]
		if ref == nil {
			t.Errorf("%s: missing", name)
			continue
		}
		g := ref.Value
		if g.Type != w.Type || g.In != w.In || g.Name != w.Name || g.Scheme != w.Scheme {
			t.Errorf("%s = {%s %s %s %s}, want {%s %s %s %s}", name,
				g.Type, g.In, g.Name, g.Scheme, w.Type, w.In, w.Name, w.Scheme)
		}
	}
	var alternatives []string
	for _, req := range doc.Security {
		if len(req) != 1 {
			t.Errorf("requirement %v combines schemes; each must suffice alone", req)
		}
		for name := range req {
			alternatives = append(alternatives, name)
		}
	}
	if got := cohesitySorted(alternatives); !slices.Equal(got, cohesitySortedKeys(want)) {
		t.Errorf("global security alternatives %v, want %v", got, cohesitySortedKeys(want))
	}
}

// cohesityFake serves the generated strict interface; the embedded nil
// interface panics for operations a test does not expect.
type cohesityFake struct {
	cohesity.StrictServerInterface
}

// cohesityUnknownDomain makes the fake answer with an Error body.
const cohesityUnknownDomain = "unknown.example"

func (cohesityFake) GenerateM365DeviceCode(_ context.Context, req cohesity.GenerateM365DeviceCodeRequestObject) (cohesity.GenerateM365DeviceCodeResponseObject, error) {
	if d := req.Body.Domain; d != nil && *d == cohesityUnknownDomain {
		return cohesity.GenerateM365DeviceCodedefaultJSONResponse{
			StatusCode: http.StatusBadRequest,
			Body:       cohesity.Error{ErrorCode: cohesityPtr("KInvalidRequest"), Message: cohesityPtr("unknown domain")},
		}, nil
	}
	return cohesity.GenerateM365DeviceCode201JSONResponse{
		DeviceCode:      cohesityPtr("fake-device-code"),
		UserCode:        cohesityPtr("ABCD1234"),
		VerificationUri: cohesityPtr("https://microsoft.com/devicelogin"),
		ExpiresInSecs:   cohesityPtr[int64](900),
		IntervalSecs:    cohesityPtr[int64](5),
	}, nil
}

func cohesityPtr[T any](v T) *T { return &v }

// cohesityServe mounts the generated strict server under the spec's /v2
// base path and returns a generated client for it.
func cohesityServe(t *testing.T) *cohesity.ClientWithResponses {
	t.Helper()
	h := cohesity.HandlerWithOptions(cohesity.NewStrictHandler(cohesityFake{}, nil),
		cohesity.StdHTTPServerOptions{BaseURL: "/v2"})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := cohesity.NewClientWithResponses(srv.URL + "/v2")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCohesityGeneratedRoundTrip checks that the generated code types the
// 201 answer (JSON201, not JSON200) and the default Error, and that what the
// generated server emits conforms to the spec's schemas.
func TestCohesityGeneratedRoundTrip(t *testing.T) {
	c := cohesityServe(t)
	schemas := specDoc(t, cohesitySpec).Components.Schemas
	ctx := context.Background()

	ok, err := c.GenerateM365DeviceCodeWithResponse(ctx, nil,
		cohesity.GenerateM365DeviceCodeRequestParams{Domain: cohesityPtr("contoso.onmicrosoft.com")})
	if err != nil {
		t.Fatal(err)
	}
	if ok.StatusCode() != http.StatusCreated || ok.JSON201 == nil {
		t.Fatalf("status %d, JSON201 %v; want 201 decoded", ok.StatusCode(), ok.JSON201)
	}
	if got := ok.JSON201.ExpiresInSecs; got == nil || *got != 900 {
		t.Errorf("expiresInSecs = %v, want 900", got)
	}
	cohesityConforms(t, schemas, "GenerateM365DeviceCodeResponseParams", ok.Body)

	bad, err := c.GenerateM365DeviceCodeWithResponse(ctx, nil,
		cohesity.GenerateM365DeviceCodeRequestParams{Domain: cohesityPtr(cohesityUnknownDomain)})
	if err != nil {
		t.Fatal(err)
	}
	if bad.StatusCode() != http.StatusBadRequest || bad.JSONDefault == nil || bad.JSONDefault.ErrorCode == nil {
		t.Fatalf("status %d, JSONDefault %v; want 400 decoded Error", bad.StatusCode(), bad.JSONDefault)
	}
	cohesityConforms(t, schemas, "Error", bad.Body)
}

// TestCohesityNullsDecode checks the consequence of "every property is
// nullable": a body of nulls is valid and decodes to nil pointers.
func TestCohesityNullsDecode(t *testing.T) {
	body := []byte(`{"deviceCode":null,"userCode":null,"verificationUri":null,"expiresInSecs":null,"intervalSecs":null}`)
	cohesityConforms(t, specDoc(t, cohesitySpec).Components.Schemas, "GenerateM365DeviceCodeResponseParams", body)
	var got cohesity.GenerateM365DeviceCodeResponseParams
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got != (cohesity.GenerateM365DeviceCodeResponseParams{}) {
		t.Errorf("nulls decoded to %+v, want all nil", got)
	}
}

func cohesityConforms(t *testing.T, schemas openapi3.Schemas, name string, body []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: body is not JSON: %v", name, err)
	}
	if err := schemas[name].Value.VisitJSON(v); err != nil {
		t.Errorf("%s: body does not conform: %v", name, err)
	}
}

// The generated client types the added operations' 201 answers.
var (
	_ = func(r cohesity.CreateAccessTokenResponse) (*cohesity.CreateAccessTokenResponseParams, *cohesity.Error) {
		return r.JSON201, r.JSONDefault
	}
	_ = func(r cohesity.CreateOrUpdateAzureApplicationsResponse) (*cohesity.CreateAzureApplicationResponseParams, *cohesity.Error) {
		return r.JSON201, r.JSONDefault
	}
	_ = func(r cohesity.RegisterProtectionSourceResponse) (*cohesity.SourceRegistrationResponseParams, *cohesity.Error) {
		return r.JSON201, r.JSONDefault
	}
)
