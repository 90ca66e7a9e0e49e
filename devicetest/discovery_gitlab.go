package devicetest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"
)

// specs/gitlab describes the device flow only, so the OpenID Connect
// endpoints are plain handlers beside the generated ones.
func (g *gitlabFake) serveOIDC(mux *http.ServeMux) {
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = writeJSON(w, http.StatusOK, g.discovery())
	})
	mux.HandleFunc("GET /oauth/discovery/keys", func(w http.ResponseWriter, _ *http.Request) {
		_ = writeJSON(w, http.StatusOK, g.sign.jwks(nil))
	})
}

// discovery is GitLab's OpenID Provider metadata as the
// doorkeeper-openid_connect gem's DiscoveryController builds it (GitLab's
// docs, integration/openid_connect_provider.md: "uses the
// doorkeeper-openid_connect gem"; gitlab.com serves it at
// /.well-known/openid-configuration) with GitLab's routes and the issuer
// its initializer sets, the instance URL. Like gitlab.com's it lists no
// device_authorization_endpoint (VENDORS.md): clients build
// /oauth/authorize_device themselves. The scope list is GitLab's
// documented scopes; the exact list, response_modes and grant types
// gitlab.com serves today were not confirmed.
func (g *gitlabFake) discovery() map[string]any {
	base := g.s.URL
	return map[string]any{
		"issuer":                                base,
		"authorization_endpoint":                base + "/oauth/authorize",
		"token_endpoint":                        base + "/oauth/token",
		"revocation_endpoint":                   base + "/oauth/revoke",
		"introspection_endpoint":                base + "/oauth/introspect",
		"userinfo_endpoint":                     base + "/oauth/userinfo",
		"jwks_uri":                              base + "/oauth/discovery/keys",
		"scopes_supported":                      gitlabScopes,
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"grant_types_supported":                 []string{"authorization_code", "password", "client_credentials", "device_code", "refresh_token"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"claim_types_supported":                 []string{"normal"},
		"claims_supported": []string{"iss", "sub", "aud", "exp", "iat", "sub_legacy", "name", "nickname",
			"preferred_username", "email", "email_verified", "website", "profile", "picture", "groups",
			"groups_direct", "https://gitlab.org/claims/groups/owner",
			"https://gitlab.org/claims/groups/maintainer", "https://gitlab.org/claims/groups/developer"},
		"code_challenge_methods_supported": []string{"plain", "S256"},
	}
}

// gitlabScopes are the OAuth scopes GitLab documents
// (integration/oauth_provider.md).
var gitlabScopes = []string{"api", "read_api", "read_user", "create_runner", "manage_runner", "k8s_proxy",
	"self_rotate", "read_repository", "write_repository", "read_registry", "write_registry",
	"read_virtual_registry", "write_virtual_registry", "read_observability", "write_observability",
	"ai_features", "sudo", "admin_mode", "read_service_ping", "openid", "profile", "email"}

// gitlabUserID is the fake's person, GitLab user 1 (sub is the user id,
// per GitLab's initializer).
const gitlabUserID = "1"

// idToken is the id_token GitLab adds to a token whose scope has openid:
// doorkeeper-openid_connect's IdToken claims (iss, sub, aud, exp, iat,
// auth_time; exp 120 s after iat, the gem's default expiration) and the
// claims GitLab's initializer sends in the id_token (sub_legacy; email
// and email_verified, the primary email with the email scope — the fake's
// person has no public email —; groups_direct). GitLab's docs list the
// same id_token claims (integration/openid_connect_provider.md).
func (g *gitlabFake) idToken(f *flow, scope string, now time.Time) *string {
	scopes := strings.Fields(scope)
	if !slices.Contains(scopes, "openid") {
		return nil
	}
	legacy := sha256.Sum256([]byte(gitlabUserID + "-devicetest"))
	claims := map[string]any{"iss": g.s.URL, "sub": gitlabUserID, "aud": f.clientID,
		"exp": now.Add(120 * time.Second).Unix(), "iat": now.Unix(), "auth_time": f.issued.Unix(),
		"sub_legacy": hex.EncodeToString(legacy[:]), "groups_direct": []string{}}
	if slices.Contains(scopes, "email") {
		claims["email"], claims["email_verified"] = "person@devicetest.example", true
	}
	return ptr(g.sign.sign(claims))
}
