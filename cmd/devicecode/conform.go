package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// captureLifetime is how long before an absolute expiry a capture without
// --now is judged to have been taken: the 15 minutes of Microsoft's device
// codes, which Veeam relays. Captures are history; their expiry passing
// since is no defect.
const captureLifetime = 15 * time.Minute

type conformArgs struct {
	vendor, format *choice
	now            string
	specs          bool
}

func newConformCmd(s stdio) *cobra.Command {
	a := &conformArgs{vendor: newChoice("", vendorNames()...), format: newChoice("text", "text", "json")}
	c := &cobra.Command{
		Use:   "conform [--vendor VENDOR] PATH... | --specs [PATH...]",
		Short: "Check captured vendor responses against devicecode's contracts",
		Long: `Checks captured vendor responses — files, or directories of *.json files —
against the vendor's schema, the canonical mapping and devicecode's safety
rules, for a CI job that keeps captures honest. Device authorization
responses are normalized; token answers and error bodies are checked as the
SDK reads them (exact member names, no duplicates, an access token).

The vendor comes from --vendor or from a directory named after it on the
file's path (gitlab, microsoft or entra, cohesity, veeam).

Only regular files are read: a *.json in a directory that is a named pipe,
a socket or a device is skipped with a note on stderr, and one named as
PATH fails, so that conform never blocks on it.

Time-dependent rules are judged at the capture time: --now TIME when given;
otherwise a response with an absolute expiry (Veeam's expiresOnUtc) is taken
as captured 15 minutes before it, the lifetime of Microsoft's codes.

With --specs it checks specs instead: every example a JSON Schema or OpenAPI
document gives (example, examples, and those of parameters and media types)
is validated against the schema it belongs to, formats asserted; an example
body X-example.json against the X-schema.json it is named after. Without
PATH, the specs built into devicecode; with PATH, spec files on disk, such
as upstream vendor specs. An example that fails is named FILE#POINTER.
Upstream defects already documented are reported as known and do not fail;
one that no longer occurs is reported as fixed.

One line per file (ok, or each problem with its field and reason), then a
summary. Exit status: 0 all passed; 1 any failed; 2 usage error.`,
		Example: `  devicecode conform captures/
  devicecode conform --vendor veeam --now 2026-11-30T10:00:00Z veeam-answer.json
  devicecode conform --format json captures/ | jq '.files[] | select(.ok | not)'
  devicecode conform --specs
  devicecode conform --specs ../shared/vendor-specs`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 && !a.specs {
				return usagef("no PATH to check")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, paths []string) error {
			if a.specs {
				return runConformSpecs(a, paths, s)
			}
			return runConform(a, paths, s)
		},
	}
	fs := c.Flags()
	fs.Var(a.vendor, "vendor", "the vendor of every file (default: from a directory named after it)")
	fs.Var(a.format, "format", "text (a line per file) or json")
	fs.StringVar(&a.now, "now", "", "the capture `TIME`, RFC 3339, at which time-dependent rules are judged")
	fs.BoolVar(&a.specs, "specs", false, "check the examples of specs (built in, or the files at PATH) against their schemas")
	_ = c.RegisterFlagCompletionFunc("vendor", a.vendor.complete)
	_ = c.RegisterFlagCompletionFunc("format", a.format.complete)
	return c
}

// conformReport is --format json.
type conformReport struct {
	Files  []conformResult `json:"files"`
	Passed int             `json:"passed"`
	Failed int             `json:"failed"`
}

func runConform(a *conformArgs, paths []string, s stdio) error {
	opts := []normalize.Option{normalize.WithCaptureLifetime(captureLifetime)}
	if a.now != "" {
		t, err := time.Parse(time.RFC3339, a.now)
		if err != nil {
			return usagef("--now %q is not an RFC 3339 time", a.now)
		}
		opts = append(opts, normalize.WithIssuedAt(t))
	}
	var rep conformReport
	for _, f := range conformFiles(paths, skipNote(s.err)) {
		r := checkCapture(f, normalize.Vendor(a.vendor.value), opts)
		rep.Files = append(rep.Files, r)
		if r.OK {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	if err := writeConform(s.out, a.format.value, rep); err != nil {
		return &flowError{err: fmt.Errorf("writing output: %w", err)}
	}
	if rep.Failed > 0 {
		return errReported
	}
	return nil
}

func writeConform(w io.Writer, format string, rep conformReport) error {
	if format == "json" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(safetext.EscapeJSON(b), '\n'))
		return err
	}
	for _, r := range rep.Files {
		if _, err := fmt.Fprintln(w, r.line()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "conform: %d passed, %d failed\n", rep.Passed, rep.Failed)
	return err
}
