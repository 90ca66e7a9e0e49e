package devicetest

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The fake's directory: a work tenant for every tenant named by domain or
// meta-tenant, and one person in it. Consumers is Microsoft's documented
// tenant id of personal accounts.
const (
	entraFakeTenant      = "5d1b5e5e-0a0b-4c2d-9e8f-0d3e71ce7e57"
	entraConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"
	entraFakeUser        = "3f9a1c2e-7b4d-4e6f-8a0b-1c2d3e4f5a6b"
)

var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// specs/microsoft describes the device flow only, so discovery is plain
// handlers beside the generated ones; unknown tenants get AADSTS90002 as
// on the device and token endpoints.
func (m *microsoftFake) serveOIDC(mux *http.ServeMux) {
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", m.tenantOnly(func(w http.ResponseWriter, r *http.Request) {
		_ = writeJSON(w, http.StatusOK, m.discovery(r.PathValue("tenant")))
	}))
	mux.HandleFunc("GET /{tenant}/discovery/v2.0/keys", m.tenantOnly(func(w http.ResponseWriter, r *http.Request) {
		_ = writeJSON(w, http.StatusOK, m.sign.jwks(map[string]string{"issuer": m.issuer(r.PathValue("tenant"))}))
	}))
	mux.HandleFunc("GET /common/discovery/instance", m.instanceDiscovery)
}

func (m *microsoftFake) tenantOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if tenant := r.PathValue("tenant"); !m.knows(tenant) {
			_ = writeJSON(w, http.StatusBadRequest, entraUnknownTenant(tenant))
			return
		}
		h(w, r)
	}
}

// discovery is Entra's per-tenant v2.0 OpenID Provider metadata
// (learn.microsoft.com, "OpenID Connect on the Microsoft identity
// platform", "Find your app's OpenID configuration document URI"), with
// the fake's host for login.microsoftonline.com. Unlike GitLab's it has
// device_authorization_endpoint (VENDORS.md). For common and
// organizations the issuer keeps Entra's literal "{tenantid}"
// placeholder, which clients replace with the token's tid.
func (m *microsoftFake) discovery(tenant string) map[string]any {
	at := m.s.URL + "/" + tenant
	region := any("NA") // a tenant's region; the fake's one tenant is "NA"
	if tenant == "common" || tenant == "organizations" || tenant == "consumers" {
		region = nil
	}
	return map[string]any{
		"token_endpoint":                        at + "/oauth2/v2.0/token",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"jwks_uri":                              at + "/discovery/v2.0/keys",
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"issuer":                                m.issuer(tenant),
		"request_uri_parameter_supported":       false,
		"userinfo_endpoint":                     "https://graph.microsoft.com/oidc/userinfo", // Graph's, not the authority's
		"authorization_endpoint":                at + "/oauth2/v2.0/authorize",
		"device_authorization_endpoint":         at + "/oauth2/v2.0/devicecode",
		"http_logout_supported":                 true,
		"frontchannel_logout_supported":         true,
		"end_session_endpoint":                  at + "/oauth2/v2.0/logout",
		"claims_supported": []string{"sub", "iss", "cloud_instance_name", "cloud_instance_host_name",
			"cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce",
			"preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"},
		"kerberos_endpoint":     at + "/kerberos",
		"tenant_region_scope":   region,
		"cloud_instance_name":   "microsoftonline.com",
		"cloud_graph_host_name": "graph.windows.net",
		"msgraph_host":          "graph.microsoft.com",
		"rbac_url":              "https://pas.windows.net",
	}
}

// issuer is the v2.0 issuer of a tenant's document: the tenant's id, or
// "{tenantid}" for the tenants any organization's user signs in through.
func (m *microsoftFake) issuer(tenant string) string {
	id := "{tenantid}"
	if tenant != "common" && tenant != "organizations" {
		id = tenantID(tenant)
	}
	return m.s.URL + "/" + id + "/v2.0"
}

// tenantID is the directory a sign-in through tenant lands in: the tenant
// itself when named by id, personal accounts' for consumers, the fake's
// work tenant otherwise.
func tenantID(tenant string) string {
	switch {
	case guid.MatchString(tenant):
		return strings.ToLower(tenant)
	case tenant == "consumers":
		return entraConsumersTenant
	}
	return entraFakeTenant
}

// instanceDiscovery answers the call Microsoft's client libraries (MSAL)
// make before using an authority they do not know:
// GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…
// with the tenant's v2.0 document and the host's aliases. The endpoint is
// undocumented; its shape is what MSAL reads (tenant_discovery_endpoint,
// metadata). An authorization_endpoint on another host is Entra's
// invalid_instance (AADSTS50049).
func (m *microsoftFake) instanceDiscovery(w http.ResponseWriter, r *http.Request) {
	self, _ := url.Parse(m.s.URL)
	ae, err := url.Parse(r.URL.Query().Get("authorization_endpoint"))
	rest, onBase := "", false
	if err == nil && ae.Hostname() == self.Hostname() { // MSAL names the host without its port
		rest, onBase = strings.CutPrefix(ae.Path, self.Path+"/")
	}
	tenant, _, _ := strings.Cut(rest, "/")
	if !onBase || tenant == "" {
		e := entraError("invalid_instance", 50049, "Unknown or invalid instance.")
		_ = writeJSON(w, http.StatusBadRequest, e)
		return
	}
	_ = writeJSON(w, http.StatusOK, map[string]any{
		"tenant_discovery_endpoint": m.s.URL + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata": []map[string]any{{"preferred_network": self.Host, "preferred_cache": self.Host,
			"aliases": []string{self.Host}}},
	})
}

// idToken is the id_token Entra adds when the scope has openid
// (learn.microsoft.com, "Microsoft identity platform ID tokens", v2.0
// claims): iss of the tenant the person signed in to, aud the client id,
// sub pairwise (one per person and application), oid, tid, iat, nbf,
// exp one hour on, ver 2.0; name and preferred_username with profile.
func (m *microsoftFake) idToken(clientID, scope, tenant string) *string {
	scopes := strings.Fields(scope)
	if !slices.Contains(scopes, "openid") {
		return nil
	}
	now, tid := m.s.flows.clock.Now(), tenantID(tenant)
	sub := sha256.Sum256([]byte(entraFakeUser + "|" + clientID))
	claims := map[string]any{"iss": m.s.URL + "/" + tid + "/v2.0", "aud": clientID, "sub": b64(sub[:])[:43],
		"oid": entraFakeUser, "tid": tid, "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"ver": "2.0", "uti": random(22), "rh": "0.devicetest."}
	if slices.Contains(scopes, "profile") {
		claims["name"], claims["preferred_username"] = "Devicetest Person", "person@devicetest.example"
	}
	return ptr(m.sign.sign(claims))
}

// entraUnknownTenant is Entra's answer for a tenant it does not know.
func entraUnknownTenant(tenant string) any {
	return entraError("invalid_request", 90002, fmt.Sprintf(
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant))
}
