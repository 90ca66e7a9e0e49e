package devicetest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/internal/safetext"
)

// pageFiles are the verification pages' templates: a layout, and one file
// per vendor defining its title, style, brand and three views — entry
// (also the page of a code it cannot take, with #error), confirm, result.
//
//go:embed pages/*.html
var pageFiles embed.FS

// page is a vendor's verification page over a codeBook: the person enters
// the code (entry), sees who asks for what (confirm), and approves or
// denies (decide), exactly as Approve and Deny do. It has no sessions: the
// fakes have no accounts, so whoever reaches the page is the person.
type page struct {
	book  codeBook
	text  pageText
	views map[string]*template.Template
	key   []byte // the decision token's HMAC key, random per page
	// base is the fake's path on its host ("/gitlab" in a sandbox); the
	// paths below it are the entry form's, where it posts, and where the
	// decisions post.
	base, entry, confirm, decide string
	// field is the code's form field and query parameter: GitLab's
	// user_code, Entra's otc.
	field string
	// app names the application asking for a code.
	app func(CodeInfo) string
}

// pageText is what a vendor's page says when it cannot go on.
type pageText struct {
	unknown, expired, used, forged, undecided string
}

// pageData is what a view shows.
type pageData struct {
	Entry, Confirm, Decide string // paths, for forms and links
	UserCode               string
	App                    string
	Scopes                 []string
	Token                  string // the decision's CSRF token
	Error                  string
	Approved               bool // result: approved, else denied
}

// newPage builds a vendor's page; vendor names its template file and
// field the code's form field.
func newPage(vendor, field string, book codeBook, text pageText, app func(CodeInfo) string) *page {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &page{book: book, text: text, views: parseViews(vendor), key: key, field: field, app: app}
}

// parseViews is a vendor's views, each the layout around one of its
// templates.
func parseViews(vendor string) map[string]*template.Template {
	base := template.Must(template.ParseFS(pageFiles, "pages/layout.html", "pages/"+vendor+".html"))
	views := map[string]*template.Template{}
	for _, v := range []string{"entry", "confirm", "result"} {
		t := template.Must(base.Clone())
		views[v] = template.Must(t.Parse(`{{define "content"}}{{template "` + v + `" .}}{{end}}`))
	}
	return views
}

// mount serves the page on mux below base (a fake's URL), its posts
// behind http.CrossOriginProtection: a browser's cross-site POST is
// refused with the page's 403 before any handler runs.
func (p *page) mount(mux *http.ServeMux, baseURL, entry, confirm, decide string) {
	p.entry, p.confirm, p.decide = entry, confirm, decide
	if u, err := url.Parse(baseURL); err == nil {
		p.base = u.Path
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		p.fail(w, http.StatusForbidden, p.text.forged, "")
	}))
	mux.HandleFunc("GET "+entry, p.serveEntry)
	mux.Handle("POST "+confirm, cop.Handler(http.HandlerFunc(p.serveConfirm)))
	mux.Handle("POST "+decide, cop.Handler(http.HandlerFunc(p.serveDecide)))
}

// serveEntry is the entry form, prefilled from the query (GitLab's
// verification_uri_complete); it never decides by itself.
func (p *page) serveEntry(w http.ResponseWriter, r *http.Request) {
	p.render(w, http.StatusOK, "entry", p.data(pageData{UserCode: r.URL.Query().Get(p.field)}))
}

// serveConfirm shows who asks for the typed code, with the decision's token.
func (p *page) serveConfirm(w http.ResponseWriter, r *http.Request) {
	typed := r.PostFormValue(p.field)
	info, err := p.book.look(typed)
	if err != nil {
		p.refuse(w, err, typed)
		return
	}
	p.render(w, http.StatusOK, "confirm", p.data(pageData{UserCode: info.UserCode, App: p.app(info),
		Scopes: strings.Fields(info.Scope), Token: p.token(info.UserCode)}))
}

// serveDecide records Authorize/Continue or Deny/Cancel, once the token
// shows the form came from this page's confirmation of this code.
func (p *page) serveDecide(w http.ResponseWriter, r *http.Request) {
	code := r.PostFormValue(p.field)
	if !p.valid(code, r.PostFormValue("csrf_token")) {
		p.fail(w, http.StatusForbidden, p.text.forged, "")
		return
	}
	d := map[string]Decision{"approve": Approved, "deny": Denied}[r.PostFormValue("decision")]
	if d == Undecided {
		p.fail(w, http.StatusBadRequest, p.text.undecided, "")
		return
	}
	info, err := p.book.look(code)
	if err == nil {
		err = p.book.decide(code, d)
	}
	if err != nil {
		p.refuse(w, err, code)
		return
	}
	p.render(w, http.StatusOK, "result", p.data(pageData{UserCode: info.UserCode, App: p.app(info), Approved: d == Approved}))
}

// refuse is the page for a code the person cannot decide. The vendors
// answer these with 200 (GitLab redirects to its form with a notice,
// Entra shows its form again); the fake answers with a status a script or
// test can read without parsing the page — 404 for a code never issued,
// 410 Gone for an expired one, 409 Conflict for one already decided — and
// a browser shows the same page either way.
func (p *page) refuse(w http.ResponseWriter, err error, typed string) {
	switch status := refusalStatus(err); status {
	case http.StatusGone:
		p.fail(w, status, p.text.expired, "")
	case http.StatusConflict:
		p.fail(w, status, p.text.used, "")
	default: // keep what was typed: it may be a typo to correct
		p.fail(w, status, p.text.unknown, typed)
	}
}

// fail is the entry form again, with what went wrong in #error.
func (p *page) fail(w http.ResponseWriter, status int, msg, typed string) {
	p.render(w, status, "entry", p.data(pageData{Error: msg, UserCode: typed}))
}

// data adds the paths to d and makes what a client sent (its id, its
// scopes, a code typed or prefilled) fit to show, as the CLI shows a
// server's text (safetext.Show): html/template escapes markup but keeps a
// bidi override, which can make an application's name on the consent read
// as another's, and raw escape sequences, and bounds nothing.
func (p *page) data(d pageData) pageData {
	d.Entry, d.Confirm, d.Decide = p.base+p.entry, p.base+p.confirm, p.base+p.decide
	d.UserCode, d.App = safetext.Show(d.UserCode), safetext.Show(d.App)
	for i, s := range d.Scopes {
		d.Scopes[i] = safetext.Show(s)
	}
	return d
}

// render writes a view. The headers keep the page out of frames (the
// consent is a click a framing site must not borrow), out of caches, and
// its styles inline only.
func (p *page) render(w http.ResponseWriter, status int, view string, d pageData) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_ = p.views[view].ExecuteTemplate(w, "layout", d)
}

// token is the decision's CSRF token for a code, carried by the
// confirmation's form.
func (p *page) token(userCode string) string {
	return base64.RawURLEncoding.EncodeToString(p.mac(userCode))
}

// valid reports whether token is this page's for userCode.
func (p *page) valid(userCode, token string) bool {
	got, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && hmac.Equal(got, p.mac(userCode))
}

// mac is an HMAC-SHA256 of the canonical code under the page's key: a
// token is good for its own code only, and only this page can make one.
func (p *page) mac(userCode string) []byte {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(canonicalUserCode(userCode)))
	return m.Sum(nil)
}

// pageMount adds a vendor's page to a fake's mux, given the Server.
type pageMount func(s *Server, mux *http.ServeMux)

// withPage serves a vendor's generated handler and its verification page
// side by side: the page's paths go to the page, the rest to the vendor.
func withPage(build func(*Server) http.Handler, mount pageMount) func(*Server) http.Handler {
	return func(s *Server) http.Handler {
		mux := http.NewServeMux()
		mux.Handle("/", build(s))
		mount(s, mux)
		return mux
	}
}
