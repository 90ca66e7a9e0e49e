package devicetest

import (
	"cmp"
	"net/http"
	"strings"
)

// entraText is the Entra page's wording for a code it cannot take.
var entraText = pageText{
	unknown:   "That code is not recognized. Check the code and try again.",
	expired:   "That code has expired. Get a new code from the app or device you're signing in to, and try again.",
	used:      "That code has already been used. Get a new code from the app or device you're signing in to, and try again.",
	forged:    "This request could not be verified: its form token is missing or wrong, or it came from another site. Enter the code again.",
	undecided: "Choose Continue or Cancel.",
}

// entraApps are Microsoft's first-party public clients, by client id, as
// Entra's consent names them; another client shows its client id (the
// fake has no app registrations to name it).
var entraApps = map[string]string{
	"04b07795-8ddb-461a-bbee-02f9e1bf7b46": "Microsoft Azure CLI",
	"1950a258-227b-4e31-a9cf-717495945fc2": "Microsoft Azure PowerShell",
}

func entraApp(i CodeInfo) string {
	if i.App != "" {
		return i.App
	}
	if name, ok := entraApps[strings.ToLower(i.ClientID)]; ok {
		return name
	}
	return cmp.Or(i.ClientID, "an application")
}

// microsoftPage serves Entra's device login where the fake advertises it
// (VENDORS.md, Microsoft Entra ID): GET /common/oauth2/deviceauth asks for
// the code, POST there shows "Are you trying to sign in to …?", and POST
// /appverify continues (approves) or cancels (denies: the poll gets
// authorization_declined). GET /devicelogin redirects to it, as
// microsoft.com/devicelogin does. The page finds the fake's own codes and
// those of others (in a sandbox, the Cohesity and Veeam fakes, whose
// flows send the person here).
func microsoftPage(others ...codeBook) pageMount {
	return func(s *Server, mux *http.ServeMux) {
		p := newPage("microsoft", "otc", append(codeBooks{s.flows}, others...), entraText, entraApp)
		p.mount(mux, s.URL, "/common/oauth2/deviceauth", "/common/oauth2/deviceauth", "/appverify")
		mux.Handle("GET /devicelogin", http.RedirectHandler(p.base+p.entry, http.StatusFound))
	}
}

// microsoftWithPage is the Entra fake's handler with its page, which also
// takes the codes of others.
func microsoftWithPage(opts Options, others ...codeBook) func(*Server) http.Handler {
	return withPage(microsoftHandler(opts), microsoftPage(others...))
}
