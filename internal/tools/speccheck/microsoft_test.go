package speccheck_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/devicecode/devicecode/gen/microsoft"
	"github.com/devicecode/devicecode/internal/sharedpath"
)

// microsoftSpec is the contract's path relative to this package.
const microsoftSpec = "microsoft/openapi.json"

func microsoftSchema(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("schema %s missing", name)
	}
	return ref.Value
}

// TestMicrosoftOperations pins the three form-encoded POSTs, their required
// form fields and their 200/400 models.
func TestMicrosoftOperations(t *testing.T) {
	doc := specDoc(t, microsoftSpec)
	tests := []struct {
		path, id, form string
		required       []string
		ok             string
	}{
		{"/{tenant}/oauth2/v2.0/devicecode", "RequestDeviceCode", "DeviceCodeRequest",
			[]string{"client_id", "scope"}, "DeviceCodeResponse"},
		{"/{tenant}/oauth2/v2.0/token", "RequestToken", "TokenRequest",
			[]string{"client_id", "device_code", "grant_type"}, "TokenResponse"},
		{"/{tenant}/oauth2/devicecode", "RequestDeviceCodeV1", "DeviceCodeRequestV1",
			[]string{"client_id", "resource"}, "DeviceCodeResponseV1"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			item := doc.Paths.Value(tt.path)
			if item == nil || item.Post == nil || len(item.Operations()) != 1 {
				t.Fatalf("%s: want exactly one operation, POST", tt.path)
			}
			op := item.Post
			if op.OperationID != tt.id {
				t.Errorf("operationId = %q, want %q", op.OperationID, tt.id)
			}
			form := op.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
			if form == nil || microsoftRefName(form.Schema) != tt.form {
				t.Fatalf("request body is not the form %s", tt.form)
			}
			if got := slices.Sorted(slices.Values(form.Schema.Value.Required)); !slices.Equal(got, tt.required) {
				t.Errorf("required form fields %v, want %v", got, tt.required)
			}
			if got := microsoftResponseRef(op, 200); got != tt.ok {
				t.Errorf("200 = %q, want %q", got, tt.ok)
			}
			if got := microsoftResponseRef(op, 400); got != "ErrorResponse" {
				t.Errorf("400 = %q, want ErrorResponse", got)
			}
		})
	}
}

func microsoftRefName(s *openapi3.SchemaRef) string {
	return strings.TrimPrefix(s.Ref, "#/components/schemas/")
}

func microsoftResponseRef(op *openapi3.Operation, status int) string {
	r := op.Responses.Status(status)
	if r == nil {
		return ""
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil {
		return ""
	}
	return microsoftRefName(mt.Schema)
}

// microsoftFixtureSchemas maps each captured Entra fixture to the schema it
// must satisfy. A fixture missing from this table fails the test, so new
// captures cannot go unchecked.
var microsoftFixtureSchemas = map[string]string{
	"devicecode_v2_response.json": "DeviceCodeResponse",
	"token_success_v2.json":       "TokenResponse",
}

// TestMicrosoftFixtures validates real Entra responses, read in place from
// the shared fixtures, against our schemas.
func TestMicrosoftFixtures(t *testing.T) {
	dir := sharedpath.Dir(t, "fixtures", "entra")
	doc := specDoc(t, microsoftSpec)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", dir, err)
	}
	for _, file := range files {
		base := filepath.Base(file)
		t.Run(base, func(t *testing.T) {
			name, ok := microsoftFixtureSchemas[base]
			if !ok {
				t.Fatalf("no schema mapped for fixture %s; add it to microsoftFixtureSchemas", base)
			}
			if err := microsoftValidate(microsoftSchema(t, doc, name), microsoftReadJSON(t, file)); err != nil {
				t.Errorf("%s does not satisfy %s: %v", base, name, err)
			}
		})
	}
}

// TestMicrosoftFixtureDrift breaks the captured v2 device-code fixture one
// field at a time: each break must be rejected, so the fixture test above
// cannot pass vacuously.
func TestMicrosoftFixtureDrift(t *testing.T) {
	file := filepath.Join(sharedpath.Dir(t, "fixtures", "entra"), "devicecode_v2_response.json")
	schema := microsoftSchema(t, specDoc(t, microsoftSpec), "DeviceCodeResponse")
	tests := []struct {
		name string
		edit func(m map[string]any)
		ok   bool
	}{
		{"unchanged", func(map[string]any) {}, true},
		{"string expires_in (the v1 shape)", func(m map[string]any) { m["expires_in"] = "900" }, false},
		{"string interval", func(m map[string]any) { m["interval"] = "5" }, false},
		{"no device_code", func(m map[string]any) { delete(m, "device_code") }, false},
		{"verification_url instead of _uri", func(m map[string]any) {
			m["verification_url"] = m["verification_uri"]
			delete(m, "verification_uri")
		}, false},
		{"relative verification_uri", func(m map[string]any) { m["verification_uri"] = "devicelogin" }, false},
		{"no interval (RFC 8628 default 5)", func(m map[string]any) { delete(m, "interval") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := microsoftReadJSON(t, file).(map[string]any)
			tt.edit(m)
			err := microsoftValidate(schema, m)
			if (err == nil) != tt.ok {
				t.Errorf("error %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

// TestMicrosoftSchemasSeparateV1 checks that the v1 shape passes only the v1
// schema and that each schema rejects the other's numbers.
func TestMicrosoftSchemasSeparateV1(t *testing.T) {
	doc := specDoc(t, microsoftSpec)
	const (
		v1 = `{"user_code":"ABCD1234","device_code":"fake","verification_url":"https://microsoft.com/devicelogin","expires_in":"900","interval":"5","message":"To sign in, use a web browser."}`
		v2 = `{"user_code":"ABCD1234","device_code":"fake","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"interval":5,"message":"To sign in, use a web browser."}`
	)
	tests := []struct {
		name, schema, body string
		ok                 bool
	}{
		{"v1 shape", "DeviceCodeResponseV1", v1, true},
		{"v1 shape against v2", "DeviceCodeResponse", v1, false},
		{"v2 shape", "DeviceCodeResponse", v2, true},
		{"v2 shape against v1", "DeviceCodeResponseV1", v2, false},
		{"v1 with non-numeric expires_in", "DeviceCodeResponseV1", `{"user_code":"A","device_code":"B","verification_url":"https://microsoft.com/devicelogin","expires_in":"15m"}`, false},
		{"token without access_token", "TokenResponse", `{"token_type":"Bearer","expires_in":3599}`, false},
		{"token with string expires_in", "TokenResponse", `{"token_type":"Bearer","access_token":"x","expires_in":"3599"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := microsoftValidate(microsoftSchema(t, doc, tt.schema), microsoftDecode(t, tt.body))
			if (err == nil) != tt.ok {
				t.Errorf("%s: error %v, want ok=%v", tt.schema, err, tt.ok)
			}
		})
	}
}

// TestMicrosoftErrorBodies validates the documented polling errors in
// Microsoft's error shape.
func TestMicrosoftErrorBodies(t *testing.T) {
	schema := microsoftSchema(t, specDoc(t, microsoftSpec), "ErrorResponse")
	tests := []struct {
		error string
		code  int
	}{
		// AADSTS numbers from Microsoft's error-code reference; 0 where
		// none is documented for the value.
		{"authorization_pending", 70016},
		{"authorization_declined", 0},
		{"bad_verification_code", 70018},
		{"expired_token", 70019},
		{"slow_down", 0},
		{"invalid_grant", 0},
	}
	for _, tt := range tests {
		t.Run(tt.error, func(t *testing.T) {
			body := microsoftDecode(t, fmt.Sprintf(`{"error":%q,"error_description":"AADSTS%d: ...","error_codes":[%d],"timestamp":"2025-01-01 00:00:00Z","trace_id":"t","correlation_id":"c","error_uri":"https://login.microsoftonline.com/error?code=%d"}`,
				tt.error, tt.code, tt.code, tt.code))
			if err := microsoftValidate(schema, body); err != nil {
				t.Errorf("valid error body rejected: %v", err)
			}
		})
	}
	if err := microsoftValidate(schema, microsoftDecode(t, `{"error":"authorization_pending","error_codes":["70016"]}`)); err == nil {
		t.Error("string error_codes accepted")
	}
	if err := microsoftValidate(schema, microsoftDecode(t, `{"error_description":"no code"}`)); err == nil {
		t.Error("body without error accepted")
	}
}

// microsoftValidate checks v against schema and, because kin-openapi does
// not check format "uri" unless a process-wide validator is registered
// (which would race with other tests), checks uri-formatted top-level
// properties itself.
func microsoftValidate(schema *openapi3.Schema, v any) error {
	if err := schema.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return err
	}
	obj, _ := v.(map[string]any)
	for name, prop := range schema.Properties {
		s, isString := obj[name].(string)
		if prop.Value.Format != "uri" || !isString {
			continue
		}
		if u, err := url.Parse(s); err != nil || !u.IsAbs() || u.Host == "" {
			return fmt.Errorf("property %s: %q is not an absolute URI", name, s)
		}
	}
	return nil
}

func microsoftReadJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return microsoftDecode(t, string(data))
}

func microsoftDecode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

// microsoftFake serves the generated strict interface. It answers the token
// request with authorization_pending after checking the form was bound.
type microsoftFake struct {
	microsoft.StrictServerInterface
	t *testing.T
}

func (f microsoftFake) RequestDeviceCode(_ context.Context, req microsoft.RequestDeviceCodeRequestObject) (microsoft.RequestDeviceCodeResponseObject, error) {
	if req.Tenant != "organizations" || req.Body.ClientId != "fake-client" || req.Body.Scope != "openid offline_access" {
		f.t.Errorf("bound device-code request %+v %+v", req.Tenant, *req.Body)
	}
	interval := 5
	return microsoft.RequestDeviceCode200JSONResponse{
		DeviceCode: "fake-device-code", UserCode: "ABCD1234", ExpiresIn: 900, Interval: &interval,
		VerificationUri: "https://microsoft.com/devicelogin",
	}, nil
}

func (f microsoftFake) RequestToken(_ context.Context, req microsoft.RequestTokenRequestObject) (microsoft.RequestTokenResponseObject, error) {
	b := req.Body
	if b.GrantType != microsoft.TokenRequestGrantTypeDeviceCode || b.DeviceCode != "fake-device-code" || b.ClientId != "fake-client" || b.ClientSecret != nil {
		f.t.Errorf("bound token request grant_type=%q device_code set=%v client_id=%q client_secret set=%v",
			b.GrantType, b.DeviceCode != "", b.ClientId, b.ClientSecret != nil)
	}
	codes := []int{70016}
	return microsoft.RequestToken400JSONResponse{ErrorJSONResponse: microsoft.ErrorJSONResponse{
		Error: "authorization_pending", ErrorCodes: &codes,
	}}, nil
}

// microsoftServe mounts the generated strict server under a non-empty base
// path and records the raw form of the last request.
func microsoftServe(t *testing.T) (*microsoft.ClientWithResponses, *url.Values) {
	t.Helper()
	var form url.Values
	record := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
				t.Errorf("Content-Type = %q", ct)
			}
			if err := r.ParseForm(); err != nil {
				t.Errorf("parse form: %v", err)
			}
			form = r.PostForm
			next.ServeHTTP(w, r)
		})
	}
	h := microsoft.HandlerWithOptions(microsoft.NewStrictHandler(microsoftFake{t: t}, nil),
		microsoft.StdHTTPServerOptions{BaseURL: "/login", Middlewares: []microsoft.MiddlewareFunc{record}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := microsoft.NewClientWithResponses(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	return c, &form
}

// TestMicrosoftGeneratedFormRoundTrip checks that the generated client
// form-encodes the bodies, omits an unset client_secret, and that the
// generated strict server binds the form and types the 200 and 400 answers.
func TestMicrosoftGeneratedFormRoundTrip(t *testing.T) {
	c, form := microsoftServe(t)
	ctx := context.Background()

	dc, err := c.RequestDeviceCodeWithFormdataBodyWithResponse(ctx, "organizations", nil,
		microsoft.DeviceCodeRequest{ClientId: "fake-client", Scope: "openid offline_access"})
	if err != nil {
		t.Fatal(err)
	}
	if dc.StatusCode() != http.StatusOK || dc.JSON200 == nil || dc.JSON200.ExpiresIn != 900 {
		t.Fatalf("device code: status %d, JSON200 %+v", dc.StatusCode(), dc.JSON200)
	}
	if err := microsoftValidate(microsoftSchema(t, specDoc(t, microsoftSpec), "DeviceCodeResponse"), microsoftDecode(t, string(dc.Body))); err != nil {
		t.Errorf("generated server body does not conform: %v", err)
	}

	tok, err := c.RequestTokenWithFormdataBodyWithResponse(ctx, "organizations", microsoft.TokenRequest{
		GrantType: microsoft.TokenRequestGrantTypeDeviceCode, ClientId: "fake-client", DeviceCode: "fake-device-code",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, sent := (*form)["client_secret"]; sent {
		t.Error("unset client_secret was sent")
	}
	if got := form.Get("grant_type"); got != "urn:ietf:params:oauth:grant-type:device_code" {
		t.Errorf("grant_type = %q", got)
	}
	if tok.StatusCode() != http.StatusBadRequest || tok.JSON400 == nil || tok.JSON400.Error != "authorization_pending" {
		t.Fatalf("token: status %d, JSON400 %+v", tok.StatusCode(), tok.JSON400)
	}
}
