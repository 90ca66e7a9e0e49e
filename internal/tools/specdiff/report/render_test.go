package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func sampleReport() *Report {
	return &Report{Vendor: "veeam", Base: "a", Revision: "b", Changes: []Change{
		{ID: "x S.m", Breaking: true, Kind: "x", Summary: "S.m: removed | piped", Reason: "r", Affects: []string{"canonical /user_code (normalize)"}, Operations: []string{"POST /a", "POST /b", "POST /c", "POST /d"}},
		{ID: "y S.n", Kind: "y", Summary: "S.n: added", Reason: "fine"},
	}}
}

// The JSON form is the contract: an object with a changes array
// whose items have breaking and summary.
func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Changes []map[string]any `json:"changes"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Changes) != 2 || got.Changes[0]["breaking"] != true || got.Changes[0]["summary"] != "S.m: removed | piped" || got.Changes[1]["breaking"] != false {
		t.Fatalf("JSON report %s", b.String())
	}
	b.Reset()
	if err := (&Report{Vendor: "v"}).WriteJSON(&b); err != nil || !strings.Contains(b.String(), `"changes": []`) {
		t.Fatalf("empty report %q: want an empty changes array", b.String())
	}
}

func TestWriteMarkdown(t *testing.T) {
	var b bytes.Buffer
	r := sampleReport()
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"2 changes, 1 breaking (1 not accepted)",
		"| **BREAKING** | S.m: removed \\| piped (in POST /a, POST /b, POST /c and 1 more) | r | canonical /user_code (normalize) |",
		"| ok | S.n: added | fine |  |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	acc := &Accepted{Accepted: []Acceptance{{Vendor: "veeam", ID: "x S.m", Reason: "why", Reviewer: "me", Date: "2026-12-06"}}}
	acc.Apply(r)
	if len(r.Breaking()) != 0 || r.Changes[0].Accepted != "why (me, 2026-12-06)" {
		t.Fatalf("accepted change still counted: %+v", r.Changes[0])
	}
	b.Reset()
	_ = r.WriteMarkdown(&b)
	if !strings.Contains(b.String(), "| breaking, accepted |") {
		t.Errorf("accepted change not marked:\n%s", b.String())
	}
}

func TestLoadAcceptedWantsReasonAndReviewer(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/a.json"
	if err := writeFile(p, `{"accepted":[{"vendor":"veeam","id":"x","reason":"","reviewer":"me","date":"2026-12-06"}]}`); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadAccepted(p); err == nil {
		t.Fatal("an acceptance without a reason loaded")
	}
	if a, err := LoadAccepted(dir + "/missing.json"); err != nil || len(a.Accepted) != 0 {
		t.Fatalf("missing file: %v %v", a, err)
	}
}

// The committed file must load: CI reads it on every spec change.
func TestCommittedAcceptedFileLoads(t *testing.T) {
	if _, err := LoadAccepted(repoRoot + "/" + AcceptedFile); err != nil {
		t.Fatal(err)
	}
}

func TestOursRequires(t *testing.T) {
	r := &Report{Changes: []Change{
		{ID: "response-property-became-required DeviceAuthorizationResponse.device_code", Breaking: true},
		{ID: "response-property-became-required DeviceAuthorizationResponse.interval", Breaking: true},
	}}
	OursRequires(r, map[string][]byte{"device-authorization-response.schema.json": []byte(`{"required":["device_code"]}`)})
	for _, c := range r.Changes {
		if want := strings.HasSuffix(c.ID, "interval"); c.Breaking != want {
			t.Errorf("%s: breaking %v, want %v", c.ID, c.Breaking, want)
		}
	}
}

func TestGitLabRole(t *testing.T) {
	for in, want := range map[string]string{
		"x/gitlab-oauth2-device-authorization-response-schema.json": "device-authorization-response.schema.json",
		"specs/gitlab/token-request.schema.json":                    "token-request.schema.json",
		"specs/gitlab/openapi.json":                                 "",
		"gitlab-oauth2-revoke-token-request-schema.json":            "",
	} {
		if got := GitLabRole(in); got != want {
			t.Errorf("GitLabRole(%q) = %q, want %q", in, got, want)
		}
	}
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o600) }

// Names in the report come from the upstream file: an escape sequence in a
// member name (a hyperlink, a screen rewrite) does not reach the terminal.
func TestWriteMarkdownSanitizes(t *testing.T) {
	r := &Report{Vendor: "veeam", Changes: []Change{{ID: "x S.m", Kind: "x",
		Summary: "S.m\x1b]8;;https://evil.example\x07: added\nthe member", Reason: "fine\x1b[2J"}}}
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(b.String(), '\x1b') || !strings.Contains(b.String(), "| ok | S.m: added the member | fine |  |") {
		t.Fatalf("markdown %q", b.String())
	}
}
