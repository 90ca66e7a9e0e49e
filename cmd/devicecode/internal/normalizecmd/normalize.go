// Package normalizecmd is `devicecode normalize`: one device
// authorization response, validated and printed as canonical JSON. (The
// name keeps it apart from package normalize, which does the work.)
package normalizecmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

// Options are the flags of `devicecode normalize`.
type Options struct {
	vendor *cmdutil.Choice
	now    string
}

// NewCmd is `devicecode normalize`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	a := &Options{vendor: cmdutil.NewVendorChoice()}
	c := &cobra.Command{
		Use:   "normalize --vendor VENDOR [FILE|-]",
		Short: "Print a vendor's device authorization response as canonical JSON",
		Long: `Reads one device authorization response body (from FILE, or stdin when FILE
is absent or "-"), validates it against the vendor's schema and devicecode's
safety rules, and prints the canonical JSON on stdout. On invalid input every
problem is printed on stderr and the exit status is 1; usage errors exit 2.

The output contains the device code: treat it as a secret.`,
		Example: `  devicecode normalize --vendor gitlab response.json
  curl -s … | devicecode normalize --vendor microsoft \
      --now 2025-01-02T03:04:05Z`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.Usagef("one input at a time, got %d", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error { return run(a, args, f) },
	}
	fs := c.Flags()
	fs.Var(a.vendor, "vendor", "the `VENDOR` that sent the response: "+cmdutil.JoinOr(a.vendor.Allowed())+" (required)")
	fs.StringVar(&a.now, "now", "", "the issue `TIME`, RFC 3339 (default: the current time); fixes expires_at for reproducible output")
	_ = c.RegisterFlagCompletionFunc("vendor", a.vendor.Complete)
	return c
}

// run is `devicecode normalize` once the flags are parsed.
func run(a *Options, args []string, f *cmdutil.Factory) error {
	opts, err := a.options()
	if err != nil {
		return err
	}
	file := "-"
	if len(args) == 1 {
		file = args[0]
	}
	body, err := readBody(file, f.IO.In)
	if err != nil {
		fmt.Fprintf(f.IO.ErrOut, "devicecode normalize: %s\n", safetext.Escape(err.Error()))
		return cmdutil.ErrReported
	}
	dc, err := normalize.Decode(normalize.Vendor(a.vendor.Value), body, opts...)
	if err != nil {
		printProblems(f.IO.ErrOut, err)
		return cmdutil.ErrReported
	}
	enc := json.NewEncoder(f.IO.Out)
	enc.SetEscapeHTML(false) // URIs carry & and the output is for people and jq alike
	enc.SetIndent("", "  ")
	if err := enc.Encode(dc); err != nil {
		fmt.Fprintf(f.IO.ErrOut, "devicecode normalize: writing output: %v\n", err)
		return cmdutil.ErrReported
	}
	return nil
}

// options checks what the flag parser cannot.
func (a *Options) options() ([]normalize.Option, error) {
	if a.vendor.Value == "" {
		return nil, cmdutil.Usagef("--vendor is required")
	}
	if a.now == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, a.now)
	if err != nil {
		return nil, cmdutil.Usagef("--now %q is not an RFC 3339 time", a.now)
	}
	return []normalize.Option{normalize.WithIssuedAt(t)}, nil
}

// readBody reads at most one byte more than Decode accepts, so a huge input
// is refused by Decode (naming the limit) without being read whole.
func readBody(file string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file) //nolint:gosec // G304: reading the file the user named is the command
		if err != nil {
			return nil, err
		}
		defer f.Close() //nolint:errcheck // read only: Close has nothing to report
		r = f
	}
	return cmdutil.ReadResponse(r, file)
}

// printProblems writes one line per problem: vendor, field, reason.
func printProblems(w io.Writer, err error) {
	var ne *normalize.Error
	if !errors.As(err, &ne) {
		fmt.Fprintf(w, "devicecode normalize: %s\n", safetext.Escape(err.Error()))
		return
	}
	fmt.Fprintf(w, "devicecode normalize: %s response rejected (%d problem%s):\n", ne.Vendor, len(ne.Problems), cmdutil.Plural(len(ne.Problems)))
	for _, p := range ne.Problems {
		fmt.Fprintf(w, "  %s: %s\n", ne.Vendor, safetext.Escape(p.String()))
	}
}
