package devicetest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
)

// pageVendor is what the page tests know of a vendor: its endpoints, its
// page's selectors (the contract the browser tests use), and its words.
type pageVendor struct {
	name          string
	start         func(devicetest.Options) *devicetest.Server
	device, token string // OAuth endpoints below the fake's URL
	scope         string
	form, input   string // the entry form and its code input
	next          string // the entry form's submit button
	approve, deny string // the confirmation's buttons
	approved      string // in the result's h1 after approving
	denied        string // in it after denying
	declined      string // the poll's error after denying
	unknown       string // in #error for a code never issued
	lifetime      time.Duration
}

var pageVendors = []pageVendor{
	{name: "gitlab", start: devicetest.NewGitLab, device: "/oauth/authorize_device", token: "/oauth/token",
		scope: "read_user api", form: "form#device-code-form", input: "input#user_code", next: "button[type=submit]",
		approve: "button#authorize", deny: "button#deny", approved: "authorized", denied: "denied",
		declined: "access_denied", unknown: "invalid", lifetime: 300 * time.Second},
	{name: "microsoft", start: devicetest.NewMicrosoft, device: "/common/oauth2/v2.0/devicecode", token: "/common/oauth2/v2.0/token",
		scope: "User.Read offline_access", form: "form#deviceauth-form", input: "input#otc", next: "#idSIButton9",
		approve: "#idSIButton9", deny: "#idBtn_Back", approved: "signed in", denied: "declined",
		declined: "authorization_declined", unknown: "not recognized", lifetime: 900 * time.Second},
}

// pageRun is one fake, its clock and a person's browser on its page.
type pageRun struct {
	t   *testing.T
	v   pageVendor
	s   *devicetest.Server
	clk *fakeclock.Clock
	b   *browser
}

func startPage(t *testing.T, v pageVendor) *pageRun {
	t.Helper()
	clk := fakeclock.New(t0)
	s := v.start(devicetest.Options{Clock: clk})
	t.Cleanup(s.Close)
	return &pageRun{t: t, v: v, s: s, clk: clk, b: newBrowser(t, s.URL, s.Client())}
}

// issue asks for a device code as clientID; the answer's user code,
// device code and verification URI.
func (r *pageRun) issue(clientID string) (uc, dc, uri string) {
	r.t.Helper()
	status, body := postJSON(r.t, r.s.Client(), r.s.URL+r.v.device, url.Values{"client_id": {clientID}, "scope": {r.v.scope}})
	if status != http.StatusOK {
		r.t.Fatalf("device request: %d %v", status, body)
	}
	str := func(k string) string { s, _ := body[k].(string); return s }
	return str("user_code"), str("device_code"), str("verification_uri")
}

// poll is one token request; the HTTP status and the error code or "token".
func (r *pageRun) poll(clientID, dc string) (int, string) {
	r.t.Helper()
	r.clk.Advance(6 * time.Second) // past the interval: no client here polls too fast
	status, body := postJSON(r.t, r.s.Client(), r.s.URL+r.v.token, url.Values{"client_id": {clientID},
		"device_code": {dc}, "grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}})
	if _, ok := body["access_token"]; ok {
		return status, "token"
	}
	e, _ := body["error"].(string)
	return status, e
}

// enter opens the entry page at uri and submits typed as the code.
func (r *pageRun) enter(uri, typed string) *doc {
	r.t.Helper()
	entry := r.b.open(uri)
	if entry.status != http.StatusOK {
		r.t.Fatalf("%s: %d", uri, entry.status)
	}
	entry.must(r.v.form)
	return r.b.submit(r.formAction(entry, r.v.form), r.fields(entry, r.v.form, r.v.next, url.Values{r.codeField(entry): {typed}}))
}

// click submits the confirmation with one of its buttons.
func (r *pageRun) click(confirm *doc, button string) *doc {
	r.t.Helper()
	form := confirm.must(button).Parent
	for form != nil && form.Data != "form" {
		form = form.Parent
	}
	if form == nil {
		r.t.Fatalf("%s is in no form", button)
	}
	return r.b.submit(attrOf(form, "action"), formValues(form, confirm.must(button), nil))
}

func (r *pageRun) codeField(d *doc) string { return attrOf(d.must(r.v.input), "name") }

func (r *pageRun) formAction(d *doc, sel string) string { return attrOf(d.must(sel), "action") }

func (r *pageRun) fields(d *doc, form, button string, set url.Values) url.Values {
	return formValues(d.must(form), d.must(button), set)
}

// TestPageDecides signs in through each vendor's page, as a person would:
// the advertised URI, the code typed in lowercase without its dash, the
// application and scopes shown, then Authorize/Continue (the poll gets the
// token) or Deny/Cancel (the poll gets the vendor's refusal).
func TestPageDecides(t *testing.T) {
	for _, v := range pageVendors {
		for _, approve := range []bool{true, false} {
			t.Run(v.name+map[bool]string{true: " approve", false: " deny"}[approve], func(t *testing.T) {
				r := startPage(t, v)
				uc, dc, uri := r.issue("devicecode-test")
				if !strings.HasPrefix(uri, r.s.URL+"/") {
					t.Fatalf("verification_uri %s is not the fake's", uri)
				}
				confirm := r.enter(uri, strings.ToLower(strings.ReplaceAll(uc, "-", "")))
				if confirm.status != http.StatusOK || confirm.text("#application") != "devicecode-test" {
					t.Fatalf("confirmation: %d %q", confirm.status, confirm.html())
				}
				if v.name == "gitlab" && confirm.text("#scopes") != "read_user api" {
					t.Errorf("scopes %q", confirm.text("#scopes"))
				}
				if _, e := r.poll("devicecode-test", dc); e != "authorization_pending" {
					t.Fatalf("before the decision the poll got %s", e)
				}
				button, word, want := v.approve, v.approved, "token"
				if !approve {
					button, word, want = v.deny, v.denied, v.declined
				}
				result := r.click(confirm, button)
				if h1 := result.text("h1"); result.status != http.StatusOK || !strings.Contains(h1, word) {
					t.Errorf("result %d %q, want %q", result.status, h1, word)
				}
				if _, got := r.poll("devicecode-test", dc); got != want {
					t.Errorf("poll after the decision: %s, want %s", got, want)
				}
			})
		}
	}
}
