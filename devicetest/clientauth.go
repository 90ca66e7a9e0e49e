package devicetest

import (
	"net/http"
	"net/url"
)

// clientAuth is the check of a confidential client's secret (RFC 6749
// §2.3.1): exactly one of HTTP Basic and the client_secret form member,
// with the right secret. It returns "" for a request that passes, else
// the OAuth error code to answer with.
func clientAuth(r *http.Request, secret string) string {
	if secret == "" {
		return ""
	}
	basic, hasBasic := basicSecret(r)
	form, hasForm := r.PostForm["client_secret"]
	switch {
	case hasBasic && hasForm:
		return "invalid_request" // "MUST NOT use more than one authentication method"
	case hasBasic && basic == secret, hasForm && len(form) == 1 && form[0] == secret:
		return ""
	}
	return "invalid_client"
}

// basicUser and basicSecret are HTTP Basic's user and password decoded as
// RFC 6749 §2.3.1 says clients encode them: form-urlencoded first (x/oauth2
// and devicecode do), so "a+b" is "a b" and "%2F" is "/".
func basicUser(r *http.Request) string {
	user, _, ok := r.BasicAuth()
	if !ok {
		return ""
	}
	if u, err := url.QueryUnescape(user); err == nil {
		return u
	}
	return user
}

func basicSecret(r *http.Request) (string, bool) {
	_, pass, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	if p, err := url.QueryUnescape(pass); err == nil {
		return p, true
	}
	return pass, true
}

// authStatus is the HTTP status of clientAuth's code: 401 for a client
// that failed to authenticate, 400 for a malformed request.
func authStatus(code string) int {
	if code == "invalid_client" {
		return http.StatusUnauthorized
	}
	return http.StatusBadRequest
}
