package reqcheck_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/reqcheck"
	"github.com/devicecode/devicecode/specs"
)

func checker(t *testing.T, vendor string) *reqcheck.Checker {
	t.Helper()
	c, err := reqcheck.New(vendor, specs.FS, vendor+"/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func request(t *testing.T, url, contentType, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// Every vendor's committed spec, with the requests our clients send and
// the zero values a struct field nobody set would put in them.
func TestCheck(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	const jsonType = "application/json"
	tests := []struct {
		name, vendor, url, contentType, body string
		basicUser                            string
		want                                 string // "" passes; else "Operation|Member|Reason"
	}{
		{"veeam check with a user code", "veeam", "https://vbo/v8/DeviceCode/check", jsonType, `{"userCode":"ABC"}`, "", ""},
		{"veeam check with an empty user code", "veeam", "https://vbo/v8/DeviceCode/check", jsonType, `{"userCode":""}`, "",
			"POST /DeviceCode/check|userCode|empty"},
		{"veeam check without one", "veeam", "https://vbo/base/v7/DeviceCode/check", jsonType, `{}`, "",
			"POST /DeviceCode/check|userCode|missing"},
		{"veeam check with null", "veeam", "https://vbo/v8/DeviceCode/check", jsonType, `{"userCode":null}`, "",
			"POST /DeviceCode/check|userCode|null"},
		{"veeam start on an existing organization has no body", "veeam", "https://vbo/v8/Organizations/5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60/DeviceCode", "", "", "", ""},
		{"veeam token form without grant_type", "veeam", "https://vbo/v8/token", form, "username=a&password=b", "",
			"POST /token|grant_type|missing"},
		{"gitlab device request without client_id", "gitlab", "https://gl/oauth/authorize_device", form, "scope=api", "",
			"POST /oauth/authorize_device|client_id|missing"},
		{"gitlab client_id in Basic auth (RFC 6749 §2.3.1)", "gitlab", "https://gl/oauth/authorize_device", form, "", "app", ""},
		{"gitlab device-code poll with an empty device_code", "gitlab", "https://gl/sub/oauth/token", form,
			"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=app&device_code=", "",
			"POST /oauth/token|device_code|empty"},
		{"gitlab refresh grant is not the spec's request", "gitlab", "https://gl/oauth/token", form,
			"grant_type=refresh_token&refresh_token=r&client_id=app", "", ""},
		{"microsoft device request without scope", "microsoft", "https://login/contoso/oauth2/v2.0/devicecode", form, "client_id=app", "",
			"POST /{tenant}/oauth2/v2.0/devicecode|scope|missing"},
		{"cohesity login without a password", "cohesity", "https://c/v2/access-tokens", jsonType, `{"username":"u"}`, "",
			"POST /access-tokens|password|missing"},
		{"cohesity nested nullable password may be empty", "cohesity", "https://c/v2/data-protect/sources/registrations", jsonType,
			`{"environment":"kO365","office365Params":{"username":"u","password":"","endpoint":"e"}}`, "", ""},
		{"cohesity nested member missing", "cohesity", "https://c/v2/data-protect/sources/registrations", jsonType,
			`{"environment":"kO365","office365Params":{"username":"u","password":""}}`, "",
			"POST /data-protect/sources/registrations|office365Params.endpoint|missing"},
		{"a path outside the spec", "veeam", "https://vbo/v8/Jobs", jsonType, `{}`, "", ""},
		{"a media type the operation does not declare", "veeam", "https://vbo/v8/DeviceCode/check", "text/plain", `x`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request(t, tt.url, tt.contentType, tt.body)
			if tt.basicUser != "" {
				req.SetBasicAuth(tt.basicUser, "secret")
			}
			err := checker(t, tt.vendor).Check(req)
			var me *devicecode.RequestMemberError
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
				return
			case !errors.As(err, &me):
				t.Fatalf("err = %v, want a *devicecode.RequestMemberError", err)
			}
			if got := me.Operation + "|" + me.Member + "|" + me.Reason; got != tt.want || me.Vendor != tt.vendor {
				t.Errorf("refused %s (vendor %s), want %s (vendor %s)", got, me.Vendor, tt.want, tt.vendor)
			}
		})
	}
}

// The zero UUID is the zero value of a member typed as a UUID; typed into a
// plain string member it is the caller's own value (Entra's example client
// ID), and passes.
func TestZeroUUID(t *testing.T) {
	spec := `{"openapi":"3.0.3","paths":{"/orgs":{"post":{"requestBody":{"content":{"application/json":{"schema":
		{"type":"object","required":["applicationId","name"],"properties":{"applicationId":{"type":"string","format":"uuid"},"name":{"type":"string"}}}}}}}}}}`
	c, err := reqcheck.New("acme", fstest.MapFS{"acme/openapi.json": {Data: []byte(spec)}}, "acme/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	const zero = "00000000-0000-0000-0000-000000000000"
	for body, want := range map[string]string{
		`{"applicationId":"` + zero + `","name":"n"}`:                                    "applicationId|the zero UUID",
		`{"applicationId":"5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60","name":"` + zero + `"}`: "",
		`{"applicationId":"5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60","name":""}`:             "name|empty",
	} {
		err := c.Check(request(t, "https://acme/api/orgs", "application/json", body))
		var me *devicecode.RequestMemberError
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: refused: %v", body, err)
		case want != "" && (!errors.As(err, &me) || me.Member+"|"+me.Reason != want || me.Vendor != "acme" || me.Operation != "POST /orgs"):
			t.Errorf("%s: err = %v, want %s", body, err, want)
		}
	}
}

// A request is judged by the operation whose path is the longest suffix
// of its own: /orgs/{id}/code is not POST /code, which /code also ends.
// The committed specs have such pairs (Veeam's /DeviceCode and
// /Organizations/{organizationId}/DeviceCode) but no required member that
// tells them apart.
func TestLongestPathWins(t *testing.T) {
	spec := `{"openapi":"3.0.3","paths":{"/code":{"post":{"requestBody":{"content":{"application/json":{"schema":
		{"type":"object","required":["x"],"properties":{"x":{"type":"string"}}}}}}}},"/orgs/{id}/code":{"post":{}}}}`
	c, err := reqcheck.New("acme", fstest.MapFS{"acme/openapi.json": {Data: []byte(spec)}}, "acme/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(request(t, "https://acme/api/orgs/7/code", "application/json", `{}`)); err != nil {
		t.Errorf("POST /orgs/7/code judged as POST /code: %v", err)
	}
	var me *devicecode.RequestMemberError
	if err := c.Check(request(t, "https://acme/api/code", "application/json", `{}`)); !errors.As(err, &me) || me.Member != "x" {
		t.Errorf("POST /code with no x: err = %v, want x missing", err)
	}
}

// One Checker serves a client's concurrent requests (run with -race):
// GitLab's request schemas live in sibling files, resolved at check time.
func TestCheckConcurrent(t *testing.T) {
	c := checker(t, "gitlab")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			req := request(t, "https://gl/oauth/authorize_device", "application/x-www-form-urlencoded", "scope=api")
			var me *devicecode.RequestMemberError
			if err := c.Check(req); !errors.As(err, &me) || me.Member != "client_id" {
				t.Errorf("err = %v", err)
			}
		})
	}
	wg.Wait()
}
