package conform

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// conformResult is the verdict on one captured response.
type conformResult struct {
	File     string           `json:"file"`
	Vendor   normalize.Vendor `json:"vendor,omitempty"`
	Kind     string           `json:"kind,omitempty"`
	OK       bool             `json:"ok"`
	Problems []conformProblem `json:"problems,omitempty"`
}

type conformProblem struct {
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// The kinds of response a capture can be.
const (
	kindDevice = "device authorization response"
	kindToken  = "token response"
	kindError  = "error response"
)

// line is the text form: "ok   FILE: VENDOR KIND" or "FAIL FILE: …".
func (r conformResult) line() string {
	head := safetext.Escape(r.File)
	if what := strings.TrimSpace(string(r.Vendor) + " " + r.Kind); what != "" {
		head += ": " + what
	}
	if r.OK {
		return "ok   " + head
	}
	parts := make([]string, 0, len(r.Problems))
	for _, p := range r.Problems {
		s := p.Reason
		if p.Field != "" {
			s = p.Field + ": " + s
		}
		parts = append(parts, safetext.Escape(s))
	}
	return "FAIL " + head + ": " + strings.Join(parts, "; ")
}

// conformFiles expands directories into their *.json files, sorted,
// skipping (with a note) any that is not a regular file; files are taken
// as given. A directory that yields none, or cannot be walked, stays in
// the list as itself, so that it fails rather than letting a CI gate pass
// on nothing.
func conformFiles(paths []string, skip func(path string, err error)) []string {
	var out []string
	for _, p := range paths {
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			out = append(out, p)
			continue
		}
		found, walkErr := jsonFiles(diskFS(p), func(f string, err error) { skip(filepath.Join(p, f), err) })
		for i, f := range found {
			found[i] = filepath.Join(p, f)
		}
		if walkErr != nil || len(found) == 0 {
			out = append(out, p)
			continue
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out
}

// checkCapture reads and judges one file.
func checkCapture(file string, vendor normalize.Vendor, opts []normalize.Option) conformResult {
	r := conformResult{File: file, Vendor: vendor}
	if r.Vendor == "" {
		r.Vendor = vendorFromPath(file)
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		return r.fail("", "holds no *.json file to check (or could not be read)")
	}
	body, err := readCapture(file)
	var nr *notRegularError
	switch {
	case errors.As(err, &nr):
		return r.fail("", nr.Error())
	case err != nil:
		return r.fail("", "cannot be read: "+safetext.Show(err.Error()))
	case r.Vendor == "":
		return r.fail("", "no vendor: name it with --vendor or put the file in a directory named after it")
	}
	r.Kind = kindOf(body)
	switch r.Kind {
	case kindToken, kindError:
		return r.answer(body)
	}
	return r.device(body, opts)
}

// device normalizes a device authorization response.
func (r conformResult) device(body []byte, opts []normalize.Option) conformResult {
	_, err := normalize.Decode(r.Vendor, body, opts...)
	var ne *normalize.Error
	switch {
	case err == nil:
		r.OK = true
		return r
	case errors.As(err, &ne):
		for _, p := range ne.Problems {
			r.Problems = append(r.Problems, conformProblem{Field: p.Field, Reason: p.Reason})
		}
		return r
	}
	return r.fail("", err.Error())
}

// answer checks a token answer or an OAuth error body as the vendor
// packages read them.
func (r conformResult) answer(body []byte) conformResult {
	status := http.StatusOK
	if r.Kind == kindError {
		status = http.StatusBadRequest
	}
	resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}
	_, err := devicecode.ParseTokenResponse(resp, body, time.Time{})
	var oe *devicecode.OAuthError
	if err == nil || (r.Kind == kindError && errors.As(err, &oe)) {
		r.OK = true
		return r
	}
	return r.fail("", err.Error())
}

func (r conformResult) fail(field, reason string) conformResult {
	r.Problems = append(r.Problems, conformProblem{Field: field, Reason: reason})
	return r
}

// kindOf tells token answers and OAuth error bodies from device
// authorization responses by their RFC 6749 members.
func kindOf(body []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return kindDevice // Decode words what is wrong
	}
	switch {
	case m["access_token"] != nil:
		return kindToken
	case m["error"] != nil && m["device_code"] == nil && m["user_code"] == nil:
		return kindError
	}
	return kindDevice
}

// vendorFromPath finds a directory named after a vendor on the path,
// nearest first; "entra" is Microsoft's.
func vendorFromPath(file string) normalize.Vendor {
	dirs := strings.Split(filepath.ToSlash(filepath.Dir(file)), "/")
	for i := len(dirs) - 1; i >= 0; i-- {
		v := normalize.Vendor(strings.ToLower(dirs[i]))
		if v == "entra" {
			return normalize.Microsoft
		}
		if v.Known() {
			return v
		}
	}
	return ""
}
