package devicetest_test

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/devicetest"
)

// GitLab's discovery document is doorkeeper-openid_connect's, and like
// gitlab.com's it has no device_authorization_endpoint.
func TestGitLabDiscovery(t *testing.T) {
	s := devicetest.NewGitLab(devicetest.Options{BasePath: "/gitlab"})
	defer s.Close()
	doc := getJSON(t, s, s.URL+"/.well-known/openid-configuration", 200)
	for k, want := range map[string]any{"issuer": s.URL, "token_endpoint": s.URL + "/oauth/token",
		"authorization_endpoint": s.URL + "/oauth/authorize", "jwks_uri": s.URL + "/oauth/discovery/keys",
		"userinfo_endpoint": s.URL + "/oauth/userinfo"} {
		if doc[k] != want {
			t.Errorf("%s = %v, want %v", k, doc[k], want)
		}
	}
	if _, ok := doc["device_authorization_endpoint"]; ok {
		t.Error("gitlab.com's document has no device_authorization_endpoint")
	}
	if algs, _ := doc["id_token_signing_alg_values_supported"].([]any); len(algs) != 1 || algs[0] != "RS256" {
		t.Errorf("id_token_signing_alg_values_supported = %v", algs)
	}
	if keys := getJSON(t, s, s.URL+"/oauth/discovery/keys", 200)["keys"].([]any); len(keys) != 1 {
		t.Errorf("keys = %v", keys)
	}
}

// Entra serves a v2.0 document per tenant, with the device endpoint; the
// meta-tenants' issuer keeps the {tenantid} placeholder; an unknown tenant
// is AADSTS90002.
func TestMicrosoftDiscovery(t *testing.T) {
	const id = "0d8a2f4e-1b3c-4d5e-8f9a-0b1c2d3e4f5a"
	s := devicetest.NewMicrosoft(devicetest.Options{Tenants: []string{id, "contoso.onmicrosoft.com"}})
	defer s.Close()
	for tenant, issuer := range map[string]string{"organizations": s.URL + "/{tenantid}/v2.0", "common": s.URL + "/{tenantid}/v2.0",
		id: s.URL + "/" + id + "/v2.0", "consumers": s.URL + "/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"} {
		doc := getJSON(t, s, s.URL+"/"+tenant+"/v2.0/.well-known/openid-configuration", 200)
		at := s.URL + "/" + tenant
		for k, want := range map[string]any{"issuer": issuer, "device_authorization_endpoint": at + "/oauth2/v2.0/devicecode",
			"token_endpoint": at + "/oauth2/v2.0/token", "authorization_endpoint": at + "/oauth2/v2.0/authorize",
			"jwks_uri": at + "/discovery/v2.0/keys"} {
			if doc[k] != want {
				t.Errorf("%s: %s = %v, want %v", tenant, k, doc[k], want)
			}
		}
		if _, ok := doc["tenant_region_scope"]; !ok {
			t.Errorf("%s: no tenant_region_scope", tenant)
		}
		if keys := getJSON(t, s, doc["jwks_uri"].(string), 200)["keys"].([]any); len(keys) != 1 {
			t.Errorf("%s: keys = %v", tenant, keys)
		}
	}
	e := getJSON(t, s, s.URL+"/fabrikam.com/v2.0/.well-known/openid-configuration", 400)
	if codes, _ := e["error_codes"].([]any); len(codes) != 1 || codes[0] != 90002.0 {
		t.Errorf("unknown tenant = %v, want AADSTS90002", e)
	}
}

// MSAL asks instance discovery first; the fake names its own host and the
// tenant's v2.0 document, and refuses another host (AADSTS50049).
func TestMicrosoftInstanceDiscovery(t *testing.T) {
	s := devicetest.NewMicrosoft(devicetest.Options{})
	defer s.Close()
	q := "/common/discovery/instance?api-version=1.1&authorization_endpoint="
	doc := getJSON(t, s, s.URL+q+s.URL+"/organizations/oauth2/v2.0/authorize", 200)
	if doc["tenant_discovery_endpoint"] != s.URL+"/organizations/v2.0/.well-known/openid-configuration" {
		t.Errorf("tenant_discovery_endpoint = %v", doc["tenant_discovery_endpoint"])
	}
	md, _ := doc["metadata"].([]any)
	host := strings.TrimPrefix(s.URL, "http://")
	if len(md) != 1 || md[0].(map[string]any)["preferred_network"] != host {
		t.Errorf("metadata = %v, want %s", md, host)
	}
	// MSAL Python 1.21 leaves out the port: https://{hostname}{path}/oauth2/v2.0/authorize.
	doc = getJSON(t, s, s.URL+q+url.QueryEscape("https://127.0.0.1/contoso.com/oauth2/v2.0/authorize"), 200)
	if doc["tenant_discovery_endpoint"] != s.URL+"/contoso.com/v2.0/.well-known/openid-configuration" {
		t.Errorf("tenant_discovery_endpoint = %v", doc["tenant_discovery_endpoint"])
	}
	getJSON(t, s, s.URL+q+"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize", 400)
}

// With openid the token carries an id_token: an RS256 JWT whose signature
// checks against the key the discovery document's jwks_uri serves, with
// the claims the vendor issues; without openid, none.
func TestIDToken(t *testing.T) {
	for _, tt := range []struct {
		vendor, discovery string
		claims            func(url string) map[string]any
		present           []string // claims whose value is the vendor's own
	}{
		{"gitlab", "/.well-known/openid-configuration", func(u string) map[string]any {
			return map[string]any{"iss": u, "sub": "1", "aud": "app", "iat": float64(t0.Unix()), "exp": float64(t0.Add(2 * time.Minute).Unix()),
				"auth_time": float64(t0.Unix()), "email": "person@devicetest.example", "email_verified": true}
		}, []string{"sub_legacy", "groups_direct"}},
		{"microsoft", "/organizations/v2.0/.well-known/openid-configuration", func(u string) map[string]any {
			tid := "5d1b5e5e-0a0b-4c2d-9e8f-0d3e71ce7e57"
			return map[string]any{"iss": u + "/" + tid + "/v2.0", "tid": tid, "aud": "app", "ver": "2.0", "iat": float64(t0.Unix()),
				"nbf": float64(t0.Unix()), "exp": float64(t0.Add(time.Hour).Unix()), "name": "Devicetest Person",
				"preferred_username": "person@devicetest.example"}
		}, []string{"sub", "oid", "uti"}},
	} {
		t.Run(tt.vendor, func(t *testing.T) {
			w := oauthVendor(t, tt.vendor, devicetest.Options{})
			w.start("openid profile email")
			_ = w.s.Approve(w.uc)
			tok := w.want("app", deviceGrant, "")
			doc := getJSON(t, w.s, w.s.URL+tt.discovery, 200)
			claims := verifyJWT(t, tok["id_token"], getJSON(t, w.s, doc["jwks_uri"].(string), 200))
			for k, want := range tt.claims(w.s.URL) {
				if claims[k] != want {
					t.Errorf("%s = %v, want %v", k, claims[k], want)
				}
			}
			for _, k := range tt.present {
				if _, ok := claims[k]; !ok {
					t.Errorf("no %s in %v", k, claims)
				}
			}
			w.clk.Advance(5 * time.Second)
			w.start("offline_access")
			_ = w.s.Approve(w.uc)
			if tok := w.want("app", deviceGrant, ""); tok["id_token"] != nil {
				t.Errorf("id_token without openid: %v", tok)
			}
		})
	}
}

// verifyJWT checks a compact RS256 JWS against a JWK set by RFC 7515 §5.2
// with crypto/rsa (an independent JOSE library would enter the SDK's
// module graph) and returns its claims.
func verifyJWT(t *testing.T, token any, jwks map[string]any) map[string]any {
	t.Helper()
	s, _ := token.(string)
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		t.Fatalf("id_token %q is not a compact JWS", s)
	}
	var header map[string]string
	decodeSegment(t, parts[0], &header)
	key := jwks["keys"].([]any)[0].(map[string]any)
	if header["alg"] != "RS256" || header["kid"] == "" || header["kid"] != key["kid"] {
		t.Fatalf("header %v, key %v", header, key)
	}
	n, e := new(big.Int).SetBytes(decodeRaw(t, key["n"].(string))), new(big.Int).SetBytes(decodeRaw(t, key["e"].(string)))
	pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], decodeRaw(t, parts[2])); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if pub.N.BitLen() != 2048 {
		t.Errorf("key of %d bits", pub.N.BitLen())
	}
	var claims map[string]any
	decodeSegment(t, parts[1], &claims)
	return claims
}

func decodeRaw(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("base64url %q: %v", s, err)
	}
	return b
}

func decodeSegment(t *testing.T, s string, into any) {
	t.Helper()
	if err := json.Unmarshal(decodeRaw(t, s), into); err != nil {
		t.Fatal(err)
	}
}
