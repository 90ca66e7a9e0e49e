package devicetest

import (
	"net/http"
	"net/url"
)

// deviceGrant is RFC 8628 §3.4's grant_type. Both vendors require it:
// GitLab's Doorkeeper device grant registers the URN alone and answers
// unsupported_grant_type to anything else (VENDORS.md), and Entra's v2.0
// token endpoint documents it for the device flow. Whether Entra also
// takes the bare word device_code (ADAL's v1 spelling) is not documented;
// its fake refuses it unless Undocumented.BareDeviceCodeGrant.
const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

// missingGrant reports a token request without a grant_type, or with an
// empty one: RFC 6749 §5.2 answers a missing required parameter with
// invalid_request, not unsupported_grant_type, and so do both vendors
// (Doorkeeper's Request.token_strategy raises MissingRequiredParameter
// for a blank grant_type; Entra answers AADSTS900144).
func missingGrant(form url.Values) bool {
	return form.Get("grant_type") == ""
}

// unsupportedGrant reports a token request with a grant the fakes do not
// serve (RFC 6749 §5.2 unsupported_grant_type): neither the device grant
// nor a refresh (RFC 6749 §6), which both vendors serve on the same
// endpoint. The vendors serve other grants too (authorization_code …);
// no device-flow client sends them.
func unsupportedGrant(form url.Values, bare bool) bool {
	g := form.Get("grant_type")
	return g != deviceGrant && g != refreshGrant && (!bare || g != "device_code")
}

// pollClient is the client a token request names: its client_id, or for
// a client that authenticates with HTTP Basic (RFC 6749 §2.3.1) the Basic
// user; "" for neither.
func pollClient(r *http.Request) string {
	if id := r.PostForm.Get("client_id"); id != "" {
		return id
	}
	return basicUser(r)
}
