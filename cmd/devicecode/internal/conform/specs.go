package conform

import (
	"fmt"
	"io"
	"strings"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
)

// conform --specs checks that every example a spec gives satisfies the
// schema it illustrates, formats asserted: a contract whose own examples
// fail it misleads whoever builds from it. Upstream defects already
// documented (specs_known.go) are reported, not failed.

// specResult is the verdict on one spec file.
type specResult struct {
	File     string        `json:"file"`
	Kind     string        `json:"kind,omitempty"`
	Examples int           `json:"examples"`
	OK       bool          `json:"ok"`
	Skipped  bool          `json:"skipped,omitempty"` // neither a schema, an OpenAPI document nor a paired example
	Problems []specProblem `json:"problems,omitempty"`
	passed   int
	known    int
}

// specProblem is a failing example value, a known defect, or a known
// defect that no longer occurs.
type specProblem struct {
	Status  string `json:"status"`            // failed, known or fixed
	Pointer string `json:"pointer,omitempty"` // the value in the file
	Keyword string `json:"keyword,omitempty"`
	Reason  string `json:"reason"`
	Known   string `json:"known,omitempty"` // the recorded defect
	Source  string `json:"source,omitempty"`
}

// specsReport is --specs --output json.
type specsReport struct {
	Files    []specResult `json:"files"`
	Examples int          `json:"examples"`
	Passed   int          `json:"passed"`
	Known    int          `json:"known"`
	Failed   int          `json:"failed"`
	Fixed    int          `json:"fixed"`
}

func failedFile(file, reason string) *specResult {
	return &specResult{File: file, Problems: []specProblem{{Status: "failed", Reason: reason}}}
}

// add validates examples and records each failing value, as known when
// the table lists it; listed defects of the file not seen are "fixed".
func (r *specResult) add(sc *specCompiler, examples []specExample) {
	r.OK = true
	seen := map[knownSpecDefect]bool{}
	for _, ex := range examples {
		r.Examples++
		leaves := sc.check(ex)
		failed := false
		for _, l := range leaves {
			p := specProblem{Status: "failed", Pointer: l.at, Keyword: l.keyword, Reason: l.reason}
			if d, ok := knownDefect(r.File, l); ok {
				seen[d] = true
				p.Status, p.Known, p.Source = "known", d.reason, d.source
			} else {
				failed = true
			}
			r.Problems = append(r.Problems, p)
		}
		switch {
		case failed:
			r.OK = false
		case len(leaves) > 0:
			r.known++
		default:
			r.passed++
		}
	}
	for _, d := range fixedDefects(r.File, seen) {
		r.Problems = append(r.Problems, specProblem{Status: "fixed", Pointer: d.pointer, Keyword: d.keyword,
			Reason: "passes now: fixed upstream? remove it from the known defects", Known: d.reason, Source: d.source})
	}
}

// runSpecs is `devicecode conform --specs [PATH...]`.
func runSpecs(a *Options, paths []string, f *cmdutil.Factory) error {
	if a.vendor.Value != "" || a.now != "" {
		return cmdutil.Usagef("--vendor and --now judge captures; --specs checks the examples of specs")
	}
	var srcs []specSource
	var rep specsReport
	if len(paths) == 0 {
		srcs = append(srcs, embeddedSpecs())
	}
	for _, p := range paths {
		src, bad := diskSpecs(p, skipNote(f.IO.ErrOut))
		if bad != nil {
			rep.Files = append(rep.Files, *bad)
			continue
		}
		srcs = append(srcs, src)
	}
	for _, src := range srcs {
		rep.Files = append(rep.Files, src.check()...)
	}
	rep.count()
	if err := writeSpecs(f.IO.Out, a.output.Value, rep); err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("writing output: %w", err)}
	}
	if rep.Failed > 0 {
		return cmdutil.ErrReported
	}
	return nil
}

func (rep *specsReport) count() {
	for _, r := range rep.Files {
		rep.Examples += r.Examples
		rep.Passed += r.passed
		rep.Known += r.known
		for _, p := range r.Problems {
			switch {
			case p.Status == "fixed":
				rep.Fixed++
			case p.Status == "failed" && p.Pointer == "" && r.Kind == "":
				rep.Failed++ // the file itself
			}
		}
		rep.Failed += r.Examples - r.passed - r.known
	}
}

func writeSpecs(w io.Writer, format string, rep specsReport) error {
	if format == "json" {
		return cmdutil.WriteJSON(w, rep)
	}
	for _, r := range rep.Files {
		if _, err := io.WriteString(w, r.text()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, rep.summary())
	return err
}

// summary is the last line: the counts, and the recorded defects that no
// longer occur only when there are some.
func (rep specsReport) summary() string {
	s := fmt.Sprintf("conform --specs: %s: %d passed, %d with known defects, %d failed",
		examplesCount(rep.Examples), rep.Passed, rep.Known, rep.Failed)
	switch {
	case rep.Fixed == 1:
		s += "; 1 known defect no longer occurs (fixed upstream?)"
	case rep.Fixed > 1:
		s += fmt.Sprintf("; %d known defects no longer occur (fixed upstream?)", rep.Fixed)
	}
	return s
}

// text is the file's line, then one line per value that is not plain ok:
// "FAIL FILE#POINTER: reason", "known …", "fixed …".
func (r specResult) text() string {
	file := safetext.Escape(r.File)
	var b strings.Builder
	switch {
	case r.Skipped:
		fmt.Fprintf(&b, "skip %s: neither a JSON Schema nor an OpenAPI document\n", file)
	case r.Kind == "":
		fmt.Fprintf(&b, "FAIL %s: %s\n", file, safetext.Escape(r.Problems[0].Reason))
		return b.String()
	case !r.OK:
		fmt.Fprintf(&b, "FAIL %s: %s, %s, %d failed\n", file, safetext.Escape(r.Kind), examplesCount(r.Examples), r.Examples-r.passed-r.known)
	default:
		fmt.Fprintf(&b, "ok   %s: %s, %s%s\n", file, safetext.Escape(r.Kind), examplesCount(r.Examples), knownNote(r.known))
	}
	for _, p := range r.Problems {
		at := file + "#" + safetext.Escape(p.Pointer)
		switch p.Status {
		case "failed":
			fmt.Fprintf(&b, "FAIL %s: %s\n", at, safetext.Escape(p.Reason))
		case "known":
			fmt.Fprintf(&b, "known %s: %s: %s (%s)\n", at, safetext.Escape(p.Reason), p.Known, p.Source)
		case "fixed":
			fmt.Fprintf(&b, "fixed %s: %s (was: %s; %s)\n", at, p.Reason, p.Known, p.Source)
		}
	}
	return b.String()
}

func knownNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d with known defects", n)
}

func examplesCount(n int) string { return fmt.Sprintf("%d example%s", n, cmdutil.Plural(n)) }
