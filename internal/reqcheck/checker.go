package reqcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/devicecode/devicecode"
)

// Checker holds one vendor's spec.
type Checker struct {
	vendor string
	refs   *resolver
	ops    []operation
}

type operation struct {
	method   string
	template string   // the spec's path, e.g. /Organizations/{organizationId}/DeviceCode
	segments []string // template split on "/"
	body     map[string]any
}

// New reads the OpenAPI 3 JSON document at name in fsys; references to
// sibling files (GitLab's JSON Schemas) resolve in the same directory.
func New(vendor string, fsys fs.FS, name string) (*Checker, error) {
	r := &resolver{fsys: fsys, dir: path.Dir(name), main: path.Base(name), docs: map[string]any{}}
	// Every JSON file beside the spec is loaded now, so that Check only
	// reads and one Checker serves concurrent requests.
	files, err := fs.Glob(fsys, path.Join(r.dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("reqcheck: %w", err)
	}
	for _, f := range append(files, name) {
		if err := r.load(path.Base(f)); err != nil {
			return nil, err
		}
	}
	doc := r.docs[r.main]
	c := &Checker{vendor: vendor, refs: r}
	paths, _ := asObj(doc)["paths"].(map[string]any)
	for tmpl, item := range paths {
		for method, op := range asObj(item) {
			// Operations without a body are kept: they must win the path
			// match against a shorter path that has one.
			body, _ := r.resolve(asObj(op)["requestBody"], path.Base(name)).(map[string]any)
			c.ops = append(c.ops, operation{
				method: strings.ToUpper(method), template: tmpl,
				segments: strings.Split(strings.Trim(tmpl, "/"), "/"), body: body,
			})
		}
	}
	return c, nil
}

// Check returns a *devicecode.RequestMemberError for a body that leaves a
// required member zero. It reads the body through GetBody when it can, and
// otherwise replaces req.Body with an unread copy.
func (c *Checker) Check(req *http.Request) error {
	op := c.match(req)
	if op == nil || op.body == nil {
		return nil
	}
	mediaType, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	media, _ := asObj(op.body["content"])[mediaType].(map[string]any)
	if media == nil {
		return nil
	}
	body, err := readBody(req)
	if err != nil {
		return err
	}
	m := c.judge(req, mediaType, media["schema"], body)
	if m == nil {
		return nil
	}
	return &devicecode.RequestMemberError{Vendor: c.vendor, Operation: op.method + " " + op.template, Member: m.member, Reason: m.reason}
}

// judge decodes body by its media type; an empty body is an empty form or
// object, so its required members are missing. A body that does not decode
// is not ours to judge: the server answers it.
func (c *Checker) judge(req *http.Request, mediaType string, schema any, body []byte) *miss {
	if mediaType == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil
		}
		// RFC 6749 §2.3.1: a client authenticating with HTTP Basic sends
		// its client_id in the Authorization header, not in the body.
		if id, _, ok := req.BasicAuth(); ok && id != "" && !form.Has("client_id") {
			form.Set("client_id", id)
		}
		return c.refs.form(schema, form)
	}
	var v any = map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &v) != nil {
		return nil
	}
	return c.refs.value(schema, v, "")
}

// match finds the operation whose path is the longest suffix of the
// request's path ({param} matches any one non-empty segment), so that the
// client's base path and version prefix (/vbo/v8) do not matter.
func (c *Checker) match(req *http.Request) *operation {
	segs := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	var best *operation
	for i := range c.ops {
		op := &c.ops[i]
		if op.method != req.Method || !suffixMatch(segs, op.segments) {
			continue
		}
		if best == nil || len(op.segments) > len(best.segments) {
			best = op
		}
	}
	return best
}

func suffixMatch(segs, tmpl []string) bool {
	if len(tmpl) > len(segs) {
		return false
	}
	segs = segs[len(segs)-len(tmpl):]
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if segs[i] != t {
			return false
		}
	}
	return true
}

func readBody(req *http.Request) ([]byte, error) {
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("reqcheck: reading the request body: %w", err)
		}
		defer rc.Close()
		return io.ReadAll(rc)
	}
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reqcheck: reading the request body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

func asObj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
