package devicetest

import "net/http"

// clientAuth is the check of a confidential client's secret (RFC 6749
// §2.3.1): exactly one of HTTP Basic and the client_secret form member,
// with the right secret. It returns "" for a request that passes, else
// the OAuth error code to answer with.
func clientAuth(r *http.Request, secret string) string {
	if secret == "" {
		return ""
	}
	_, basic, hasBasic := r.BasicAuth()
	form, hasForm := r.PostForm["client_secret"]
	switch {
	case hasBasic && hasForm:
		return "invalid_request" // "MUST NOT use more than one authentication method"
	case hasBasic && basic == secret, hasForm && len(form) == 1 && form[0] == secret:
		return ""
	}
	return "invalid_client"
}

// authStatus is the HTTP status of clientAuth's code: 401 for a client
// that failed to authenticate, 400 for a malformed request.
func authStatus(code string) int {
	if code == "invalid_client" {
		return http.StatusUnauthorized
	}
	return http.StatusBadRequest
}
