package devicetest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
)

// wantError checks a page that refused: its status, #error saying word,
// and a link back to the entry page to try another code.
func (r *pageRun) wantError(d *doc, status int, word string) {
	r.t.Helper()
	if d.status != status || !strings.Contains(d.text("#error"), word) {
		r.t.Errorf("%d %q, want %d and %q", d.status, d.text("#error"), status, word)
	}
	entry := r.b.open(r.b.origin + attrOf(d.must("a#try-again"), "href"))
	if entry.status != http.StatusOK || entry.find(r.v.input) == nil || entry.find("#error") != nil {
		r.t.Errorf("the link back is not the entry page: %d %s", entry.status, entry.url)
	}
}

// TestPageRefuses: a code never issued, expired (on the fake's clock, at
// entry or while the person reads the confirmation) or already decided is
// refused with a page that says so.
func TestPageRefuses(t *testing.T) {
	for _, v := range pageVendors {
		t.Run(v.name+" unknown", func(t *testing.T) {
			r := startPage(t, v)
			_, _, uri := r.issue("app")
			r.wantError(r.enter(uri, "BCDF-GHJK"), http.StatusNotFound, v.unknown)
		})
		t.Run(v.name+" expired", func(t *testing.T) {
			r := startPage(t, v)
			uc, _, uri := r.issue("app")
			r.clk.Advance(v.lifetime)
			r.wantError(r.enter(uri, uc), http.StatusGone, "expired")
		})
		t.Run(v.name+" expired while confirming", func(t *testing.T) {
			r := startPage(t, v)
			uc, dc, uri := r.issue("app")
			confirm := r.enter(uri, uc)
			r.clk.Advance(v.lifetime)
			r.wantError(r.click(confirm, v.approve), http.StatusGone, "expired")
			if _, e := r.poll("app", dc); e != "expired_token" {
				t.Errorf("poll: %s", e)
			}
		})
		t.Run(v.name+" used", func(t *testing.T) {
			r := startPage(t, v)
			uc, dc, uri := r.issue("app")
			confirm := r.enter(uri, uc)
			if d := r.click(confirm, v.approve); d.status != http.StatusOK {
				t.Fatalf("approve: %d", d.status)
			}
			r.wantError(r.enter(uri, uc), http.StatusConflict, "already been used")
			r.wantError(r.click(confirm, v.deny), http.StatusConflict, "already been used")
			if _, e := r.poll("app", dc); e != "token" {
				t.Errorf("the second decision changed the first: %s", e)
			}
			r.wantError(r.enter(uri, uc), http.StatusConflict, "already been used")
		})
	}
}

// TestPageCSRF: a decision without this page's token for this code, or
// from another site, is refused with 403 and decides nothing.
func TestPageCSRF(t *testing.T) {
	for _, v := range pageVendors {
		t.Run(v.name, func(t *testing.T) {
			r := startPage(t, v)
			uc, dc, uri := r.issue("app")
			other, _, _ := r.issue("app")
			confirm := r.enter(uri, uc)
			button := confirm.must(v.approve)
			form := button.Parent
			for form.Data != "form" {
				form = form.Parent
			}
			action, field := attrOf(form, "action"), r.codeField(r.b.open(uri))
			otherToken := r.enter(uri, other).value("csrf_token")
			for name, tc := range map[string]struct {
				set    url.Values
				header []string
			}{
				"no token":           {set: url.Values{"csrf_token": nil}},
				"another code's":     {set: url.Values{"csrf_token": {otherToken}}},
				"this token, other":  {set: url.Values{field: {other}}},
				"a forged token":     {set: url.Values{"csrf_token": {strings.Repeat("A", 43)}}},
				"cross-origin":       {header: []string{"Origin", "https://evil.example"}},
				"cross-site fetch":   {header: []string{"Sec-Fetch-Site", "cross-site"}},
				"cross-origin entry": {header: []string{"Origin", "https://evil.example"}},
			} {
				target, vals := action, formValues(form, button, tc.set)
				if name == "cross-origin entry" {
					entry := r.b.open(uri)
					target, vals = r.formAction(entry, v.form), url.Values{field: {uc}}
				}
				d := r.b.submit(target, vals, tc.header...)
				if d.status != http.StatusForbidden || d.find("#error") == nil {
					t.Errorf("%s: %d, want 403 with #error", name, d.status)
				}
			}
			for _, code := range []string{dc} {
				if _, e := r.poll("app", code); e != "authorization_pending" {
					t.Errorf("a refused decision decided: %s", e)
				}
			}
			if d := r.click(confirm, v.approve); d.status != http.StatusOK {
				t.Errorf("the genuine decision after them: %d", d.status)
			}
		})
	}
}

// TestPageEscapes: what a client sends (its id, its scopes) is text on
// the page, never markup.
func TestPageEscapes(t *testing.T) {
	for _, v := range pageVendors {
		t.Run(v.name, func(t *testing.T) {
			r := startPage(t, v)
			hostile := `<img src=x onerror=alert(1)>"'&`
			uc, _, uri := r.issue(hostile)
			confirm := r.enter(uri, uc)
			if confirm.text("#application") != hostile || confirm.find("img") != nil || confirm.find("script") != nil {
				t.Errorf("the client id became markup:\n%s", confirm.html())
			}
			if csp := confirm.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if confirm.find(`meta[name=viewport]`) == nil {
				t.Error("no viewport")
			}
		})
	}
}

// TestPageHiddenCharacters: a client id or scope with a bidi override, an
// escape sequence or a control character shows on the page as the CLI
// shows server text (safetext.Show): the override visibly escaped, so an
// application's name cannot read as another's, and nothing raw in the
// HTML; a 10 kB scope is bounded.
func TestPageHiddenCharacters(t *testing.T) {
	for _, v := range pageVendors {
		t.Run(v.name, func(t *testing.T) {
			r := startPage(t, v)
			hostile := "\u202eelttaeS\x1b[31m\x07"
			status, body := postJSON(t, r.s.Client(), r.s.URL+v.device, url.Values{"client_id": {hostile},
				"scope": {"openid " + hostile + " " + strings.Repeat("a", 10240)}})
			uc, _ := body["user_code"].(string)
			uri, _ := body["verification_uri"].(string)
			if status != http.StatusOK {
				t.Fatalf("device request: %d %v", status, body)
			}
			confirm := r.enter(uri, uc)
			if got, want := confirm.text("#application"), `\u202eelttaeS\x07`; got != want {
				t.Errorf("#application %q, want %q", got, want)
			}
			if page := confirm.html(); strings.ContainsAny(page, "\u202e\x1b\x07") || len(page) > 8000 {
				t.Errorf("the page has a raw control or an unbounded scope (%d bytes)", len(page))
			}
		})
	}
}

// TestPagePrefilled: GitLab's verification_uri_complete fills the code in
// and decides nothing by itself; Entra's /devicelogin leads to its page.
func TestPagePrefilled(t *testing.T) {
	r := startPage(t, pageVendors[0])
	status, body := postJSON(t, r.s.Client(), r.s.URL+"/oauth/authorize_device", url.Values{"client_id": {"app"}})
	complete, _ := body["verification_uri_complete"].(string)
	uc, _ := body["user_code"].(string)
	dc, _ := body["device_code"].(string)
	if status != http.StatusOK || complete == "" {
		t.Fatalf("%d %v", status, body)
	}
	entry := r.b.open(complete)
	if got := attrOf(entry.must("input#user_code"), "value"); got != uc {
		t.Errorf("prefilled %q, want %q", got, uc)
	}
	if _, e := r.poll("app", dc); e != "authorization_pending" {
		t.Errorf("opening the complete URI decided: %s", e)
	}

	ms := startPage(t, pageVendors[1])
	d := ms.b.open(ms.s.URL + "/devicelogin")
	if d.status != http.StatusOK || d.url.Path != "/common/oauth2/deviceauth" || d.find("input#otc") == nil {
		t.Errorf("/devicelogin: %d at %s", d.status, d.url)
	}
}

// TestPageBasePath: under a self-managed GitLab's relative URL root, the
// page's forms and links stay below it.
func TestPageBasePath(t *testing.T) {
	s := devicetest.NewGitLab(devicetest.Options{BasePath: "/gitlab"})
	t.Cleanup(s.Close)
	r := &pageRun{t: t, v: pageVendors[0], s: s, b: newBrowser(t, s.URL, s.Client())}
	uc, _, uri := r.issue("app")
	entry := r.b.open(uri)
	if action := r.formAction(entry, "form#device-code-form"); action != "/gitlab/oauth/device/confirm" {
		t.Errorf("entry form posts to %s", action)
	}
	confirm := r.enter(uri, uc)
	if d := r.click(confirm, "button#authorize"); d.status != http.StatusOK || !strings.Contains(d.text("h1"), "authorized") {
		t.Errorf("authorize under /gitlab: %d", d.status)
	}
	r.wantError(r.enter(uri, uc), http.StatusConflict, "already been used")
}
