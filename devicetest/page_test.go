package devicetest_test

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// browser is a person's browser on a fake's pages, without JavaScript (the
// pages need none): it keeps cookies, follows redirects and, as browsers
// do on a form POST, sends the page's Origin.
type browser struct {
	t      *testing.T
	c      *http.Client
	origin string
}

func newBrowser(t *testing.T, base string, hc *http.Client) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, c: &http.Client{Jar: jar, Transport: hc.Transport}, origin: u.Scheme + "://" + u.Host}
}

// open GETs a page.
func (b *browser) open(u string) *doc {
	b.t.Helper()
	resp, err := b.c.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp)
}

// submit POSTs a form to action (a path on the page's host), with extra
// headers when given.
func (b *browser) submit(action string, form url.Values, header ...string) *doc {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.origin+action, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.origin)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp)
}

func (b *browser) read(resp *http.Response) *doc {
	b.t.Helper()
	defer resp.Body.Close()
	root, err := html.Parse(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return &doc{t: b.t, status: resp.StatusCode, header: resp.Header, root: root, url: resp.Request.URL}
}

// doc is a page as received.
type doc struct {
	t      *testing.T
	status int
	header http.Header
	root   *html.Node
	url    *url.URL
}

// find is the first element matching a small CSS subset: "#id",
// "tag#id", "tag", or "tag[name=value]".
func (d *doc) find(sel string) *html.Node {
	tag, id, _ := strings.Cut(sel, "#")
	tag, attr, _ := strings.Cut(tag, "[")
	key, val, _ := strings.Cut(strings.TrimSuffix(attr, "]"), "=")
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && (tag == "" || n.Data == tag) && (id == "" || attrOf(n, "id") == id) &&
			(key == "" || attrOf(n, key) == val) {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.root)
	return found
}

// must is find that fails the test when nothing matches.
func (d *doc) must(sel string) *html.Node {
	d.t.Helper()
	n := d.find(sel)
	if n == nil {
		d.t.Fatalf("no %s in the page (%d):\n%s", sel, d.status, d.html())
	}
	return n
}

// text is the text of the element sel, spaces collapsed.
func (d *doc) text(sel string) string {
	d.t.Helper()
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.must(sel))
	return strings.Join(strings.Fields(sb.String()), " ")
}

// value is the value of the input named name.
func (d *doc) value(name string) string {
	d.t.Helper()
	return attrOf(d.must("input[name="+name+"]"), "value")
}

func (d *doc) html() string {
	var sb strings.Builder
	_ = html.Render(&sb, d.root)
	return sb.String()
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// postJSON POSTs a form to an OAuth endpoint and decodes the JSON answer.
func postJSON(t *testing.T, hc *http.Client, u string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := hc.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: %d, %v", u, resp.StatusCode, err)
	}
	return resp.StatusCode, body
}

// formValues are a form's named inputs, as a browser submits them with
// button (its name and value, if it has one), set overriding them.
func formValues(form, button *html.Node, set url.Values) url.Values {
	v := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && attrOf(n, "name") != "" {
			v.Set(attrOf(n, "name"), attrOf(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	if name := attrOf(button, "name"); name != "" {
		v.Set(name, attrOf(button, "value"))
	}
	for k, vs := range set {
		v[k] = vs
	}
	return v
}
