package devicetest

import (
	"cmp"
	"net/http"
)

// gitlabText is GitLab's wording for a code it cannot take (the
// device-grant gem's flash messages, "The user code is invalid" and "The
// user code is expired"), and the fake's for what GitLab words elsewhere.
var gitlabText = pageText{
	unknown:   "The user code is invalid. Check the code shown on your device and try again.",
	expired:   "The user code is expired. Start the sign-in again on your device to get a new code.",
	used:      "The user code has already been used. Start the sign-in again on your device to get a new code.",
	forged:    "This request could not be verified: its form token is missing or wrong, or it came from another site. Enter the code again.",
	undecided: "Choose Authorize or Deny.",
}

// gitlabPage serves GitLab's device page where the fake advertises it
// (VENDORS.md, GitLab): GET /oauth/device asks for the code, prefilled
// from ?user_code= (verification_uri_complete) but never decided by it;
// POST /oauth/device/confirm shows the application and scopes; POST
// /oauth/device authorizes or denies — GitLab's own routes.
func gitlabPage(s *Server, mux *http.ServeMux) {
	p := newPage("gitlab", "user_code", s.flows, gitlabText, func(i CodeInfo) string {
		return cmp.Or(i.App, i.ClientID)
	})
	p.mount(mux, s.URL, "/oauth/device", "/oauth/device/confirm", "/oauth/device")
}

// gitlabWithPage is the GitLab fake's handler with its page.
func gitlabWithPage(opts Options) func(*Server) http.Handler {
	return withPage(gitlabHandler(opts), gitlabPage)
}
