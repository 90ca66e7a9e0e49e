// Package conform is `devicecode conform`: captured vendor responses
// checked against devicecode's contracts, and with --specs the examples
// of specs checked against their schemas.
package conform

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/normalize"
)

// captureLifetime is how long before an absolute expiry a capture without
// --now is judged to have been taken: the 15 minutes of Microsoft's device
// codes, which Veeam relays. Captures are history; their expiry passing
// since is no defect.
const captureLifetime = 15 * time.Minute

// Options are the flags of `devicecode conform`.
type Options struct {
	vendor, output *cmdutil.Choice
	now            string
	specs          bool
}

// NewCmd is `devicecode conform`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	a := &Options{vendor: cmdutil.NewVendorChoice(), output: cmdutil.NewChoice("text", "text", "json")}
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
  devicecode conform --output json captures/ | jq '.files[] | select(.ok | not)'
  devicecode conform --specs
  devicecode conform --specs ../shared/vendor-specs`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 && !a.specs {
				return cmdutil.Usagef("no PATH to check")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, paths []string) error {
			if cmd.Flags().Changed("format") {
				fmt.Fprintln(f.IO.ErrOut, "devicecode conform: --format is deprecated: use -o, --output")
			}
			if a.specs {
				return runSpecs(a, paths, f)
			}
			return run(a, paths, f)
		},
	}
	fs := c.Flags()
	fs.Var(a.vendor, "vendor", "the `VENDOR` of every file: "+cmdutil.JoinOr(a.vendor.Allowed())+
		" (default: from a directory named after it)")
	cmdutil.ChoiceVar(c, a.output, "output", "o", "text (a line per file) or json")
	// --format was this flag's name before -o, --output, the name every
	// command has; CI jobs may still spell it so. It is hidden from the
	// help and noted on stderr (pflag's MarkDeprecated would note it on
	// stdout, into the JSON).
	fs.Var(a.output, "format", "the old name of --output")
	_ = fs.MarkHidden("format")
	fs.StringVar(&a.now, "now", "", "the capture `TIME`, RFC 3339, at which time-dependent rules are judged")
	fs.BoolVar(&a.specs, "specs", false, "check the examples of specs (built in, or the files at PATH) against their schemas")
	_ = c.RegisterFlagCompletionFunc("vendor", a.vendor.Complete)
	return c
}

// conformReport is --output json.
type conformReport struct {
	Files  []conformResult `json:"files"`
	Passed int             `json:"passed"`
	Failed int             `json:"failed"`
}

// run is `devicecode conform PATH...` once the flags are parsed.
func run(a *Options, paths []string, f *cmdutil.Factory) error {
	opts := []normalize.Option{normalize.WithCaptureLifetime(captureLifetime)}
	if a.now != "" {
		t, err := time.Parse(time.RFC3339, a.now)
		if err != nil {
			return cmdutil.Usagef("--now %q is not an RFC 3339 time", a.now)
		}
		opts = append(opts, normalize.WithIssuedAt(t))
	}
	var rep conformReport
	for _, f := range conformFiles(paths, skipNote(f.IO.ErrOut)) {
		r := checkCapture(f, normalize.Vendor(a.vendor.Value), opts)
		rep.Files = append(rep.Files, r)
		if r.OK {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	if err := writeConform(f.IO.Out, a.output.Value, rep); err != nil {
		return &cmdutil.FlowError{Err: fmt.Errorf("writing output: %w", err)}
	}
	if rep.Failed > 0 {
		return cmdutil.ErrReported
	}
	return nil
}

func writeConform(w io.Writer, format string, rep conformReport) error {
	if format == "json" {
		return cmdutil.WriteJSON(w, rep)
	}
	for _, r := range rep.Files {
		if _, err := fmt.Fprintln(w, r.line()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "conform: %d passed, %d failed\n", rep.Passed, rep.Failed)
	return err
}
