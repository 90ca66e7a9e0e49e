// Command specdiff reports what a new upstream spec changes in our contract
// and whether it breaks integrators (make spec-diff), and guards specs/ in
// CI (make spec-guard).
//
// Usage:
//
//	go run ./internal/tools/specdiff -vendor veeam -upstream vb365_rest_v9.json [-format json] [-fail]
//	go run ./internal/tools/specdiff -vendor cohesity -revision new-subset.json
//	go run ./internal/tools/specdiff -vendor gitlab -upstream new/json-schema [-base old/json-schema]
//	go run ./internal/tools/specdiff -guard HEAD~1
//
// Exit status: 0, or 1 with -fail (always with -guard) when a breaking
// change is not in specs/ACCEPTED-CHANGES.json; 2 on error.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/devicecode/devicecode/internal/tools/specdiff/report"
)

type options struct {
	vendor, upstream, revision, base, ops, format, root, guard string
	anyToJSON, stripVersion, fail                              bool
}

func main() {
	var o options
	flag.StringVar(&o.vendor, "vendor", "", "vendor: veeam, gitlab, cohesity, microsoft")
	flag.StringVar(&o.upstream, "upstream", "", "new upstream OpenAPI file to cut our subset from (GitLab: a JSON Schema file or directory)")
	flag.StringVar(&o.revision, "revision", "", "an already cut subset to compare instead of -upstream")
	flag.StringVar(&o.base, "base", "", "what to compare with (default specs/<vendor>/openapi.json; GitLab: the pinned upstream json-schema directory)")
	flag.StringVar(&o.ops, "ops", "", "operation list for the cut (default specs/<vendor>/operations.txt)")
	flag.BoolVar(&o.anyToJSON, "any-to-json", false, "cut as specsubset -any-to-json (default on for veeam)")
	flag.BoolVar(&o.stripVersion, "strip-version", false, "cut as specsubset -strip-version (default on for veeam)")
	flag.StringVar(&o.format, "format", "md", "md or json")
	flag.StringVar(&o.root, "root", ".", "repository root")
	flag.StringVar(&o.guard, "guard", "", "CI: compare specs/ at this git revision with the working tree")
	flag.BoolVar(&o.fail, "fail", false, "exit 1 when a breaking change is not accepted")
	flag.Parse()
	code, err := run(context.Background(), o, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "specdiff:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// run writes the reports to w and the unaccepted breaking changes, one a
// line, to errw.
func run(ctx context.Context, o options, w, errw io.Writer) (int, error) {
	var reports []*report.Report
	if o.guard != "" {
		rs, err := report.Guard(ctx, o.root, o.guard, nil)
		if err != nil {
			return 0, err
		}
		reports, o.fail = rs, true
		if len(rs) == 0 {
			fmt.Fprintf(w, "specdiff: no vendor contract changed since %s\n", o.guard)
		}
	} else {
		r, err := compare(ctx, o)
		if err != nil {
			return 0, err
		}
		reports = []*report.Report{r}
	}
	unaccepted := 0
	for _, r := range reports {
		var err error
		if o.format == "json" {
			err = r.WriteJSON(w)
		} else {
			err = r.WriteMarkdown(w)
		}
		if err != nil {
			return 0, err
		}
		unaccepted += len(r.Breaking())
	}
	if o.fail && unaccepted > 0 {
		for _, l := range unacceptedLines(reports) {
			fmt.Fprintln(errw, "specdiff:", l)
		}
		return 1, nil
	}
	return 0, nil
}

// unacceptedLines names each breaking change not accepted, one a line.
func unacceptedLines(reports []*report.Report) []string {
	var lines []string
	for _, r := range reports {
		for _, c := range r.Breaking() {
			lines = append(lines, fmt.Sprintf("%s: breaking change not in %s: %q (%s)", r.Vendor, report.AcceptedFile, c.ID, c.Reason))
		}
	}
	return lines
}
