package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Change is one difference in our contract, classified.
type Change struct {
	// ID is stable across runs and identifies the change in
	// specs/ACCEPTED-CHANGES.json: "<kind> <subject>".
	ID       string `json:"id"`
	Breaking bool   `json:"breaking"`
	// Kind is oasdiff's check id (e.g. response-property-type-changed), or
	// ours for what oasdiff cannot see (operation-moved).
	Kind string `json:"kind"`
	// Summary names the operation or member: "RESTDeviceCodeResponse.userCode:
	// removed the optional property `userCode` …".
	Summary string `json:"summary"`
	Reason  string `json:"reason"`
	// Affects names what changes for integrators: canonical fields
	// (normalize) and generated Go fields (gen/).
	Affects    []string `json:"affects,omitempty"`
	Operations []string `json:"operations,omitempty"`
	// Accepted is the reason recorded in the accepted-changes file, if any.
	Accepted string `json:"accepted,omitempty"`
}

// Report is the result for one vendor.
type Report struct {
	Vendor   string `json:"vendor"`
	Base     string `json:"base"`
	Revision string `json:"revision"`
	// Note qualifies every change at once (an older upstream version).
	Note    string   `json:"note,omitempty"`
	Changes []Change `json:"changes"`
}

// Breaking returns the breaking changes not accepted.
func (r *Report) Breaking() []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Breaking && c.Accepted == "" {
			out = append(out, c)
		}
	}
	return out
}

func (r *Report) sort() {
	sort.SliceStable(r.Changes, func(i, j int) bool {
		a, b := r.Changes[i], r.Changes[j]
		if a.Breaking != b.Breaking {
			return a.Breaking
		}
		return a.ID < b.ID
	})
}

// WriteJSON writes the report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMarkdown writes the report as a Markdown section: one line per
// change, breaking ones first.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	n := 0
	for _, c := range r.Changes {
		if c.Breaking {
			n++
		}
	}
	fmt.Fprintf(&b, "## Spec changes: %s\n\n", r.Vendor)
	fmt.Fprintf(&b, "base `%s`, revision `%s`: %d changes, %d breaking (%d not accepted)\n\n",
		r.Base, r.Revision, len(r.Changes), n, len(r.Breaking()))
	if r.Note != "" {
		fmt.Fprintf(&b, "%s\n\n", r.Note)
	}
	if len(r.Changes) == 0 {
		b.WriteString("No change in our contract.\n")
	} else {
		b.WriteString("| | change | why | affects |\n|---|---|---|---|\n")
	}
	for _, c := range r.Changes {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", verdict(c), cell(c.Summary+ops(c)), cell(c.Reason), cell(strings.Join(c.Affects, "; ")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func verdict(c Change) string {
	switch {
	case c.Breaking && c.Accepted != "":
		return "breaking, accepted"
	case c.Breaking:
		return "**BREAKING**"
	}
	return "ok"
}

func ops(c Change) string {
	if len(c.Operations) == 0 {
		return ""
	}
	if len(c.Operations) > 3 {
		return fmt.Sprintf(" (in %s and %d more)", strings.Join(c.Operations[:3], ", "), len(c.Operations)-3)
	}
	return " (in " + strings.Join(c.Operations, ", ") + ")"
}

// cell makes s one Markdown table cell. Its names come from the upstream
// file, text from outside that reaches a terminal: safetext as for a
// server's text (escape sequences removed, line breaks made spaces).
func cell(s string) string {
	return strings.ReplaceAll(safetext.Escape(s), "|", `\|`)
}
