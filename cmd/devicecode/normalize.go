package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
)

type normalizeArgs struct {
	vendor *choice
	now    string
}

func newNormalizeCmd(s stdio) *cobra.Command {
	a := &normalizeArgs{vendor: newChoice("", vendorNames()...)}
	c := &cobra.Command{
		Use:   "normalize --vendor VENDOR [FILE|-]",
		Short: "Print a vendor's device authorization response as canonical JSON",
		Long: `Reads one device authorization response body (from FILE, or stdin when FILE
is absent or "-"), validates it against the vendor's schema and devicecode's
safety rules, and prints the canonical JSON on stdout. On invalid input every
problem is printed on stderr and the exit status is 1; usage errors exit 2.

The output contains the device code: treat it as a secret.`,
		Example: `  devicecode normalize --vendor gitlab response.json
  curl -s … | devicecode normalize --vendor microsoft --now 2025-01-02T03:04:05Z`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("one input at a time, got %d", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error { return runNormalize(a, args, s) },
	}
	fs := c.Flags()
	fs.Var(a.vendor, "vendor", "the vendor that sent the response (required)")
	fs.StringVar(&a.now, "now", "", "the issue `TIME`, RFC 3339 (default: the current time); fixes expires_at for reproducible output")
	_ = c.RegisterFlagCompletionFunc("vendor", a.vendor.complete)
	return c
}

// runNormalize is `devicecode normalize`.
func runNormalize(a *normalizeArgs, args []string, s stdio) error {
	opts, err := a.options()
	if err != nil {
		return err
	}
	file := "-"
	if len(args) == 1 {
		file = args[0]
	}
	body, err := readBody(file, s.in)
	if err != nil {
		fmt.Fprintf(s.err, "devicecode normalize: %s\n", safetext.Escape(err.Error()))
		return errReported
	}
	dc, err := normalize.Decode(normalize.Vendor(a.vendor.value), body, opts...)
	if err != nil {
		printProblems(s.err, err)
		return errReported
	}
	enc := json.NewEncoder(s.out)
	enc.SetEscapeHTML(false) // URIs carry & and the output is for people and jq alike
	enc.SetIndent("", "  ")
	if err := enc.Encode(dc); err != nil {
		fmt.Fprintf(s.err, "devicecode normalize: writing output: %v\n", err)
		return errReported
	}
	return nil
}

// options checks what the flag parser cannot.
func (a *normalizeArgs) options() ([]normalize.Option, error) {
	if a.vendor.value == "" {
		return nil, usagef("--vendor is required")
	}
	if a.now == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, a.now)
	if err != nil {
		return nil, usagef("--now %q is not an RFC 3339 time", a.now)
	}
	return []normalize.Option{normalize.WithIssuedAt(t)}, nil
}

func vendorNames() []string {
	var names []string
	for _, v := range normalize.Vendors() {
		names = append(names, string(v))
	}
	return names
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
	return readLimited(r, file)
}

func readLimited(r io.Reader, file string) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, normalize.MaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	return body, nil
}

// printProblems writes one line per problem: vendor, field, reason.
func printProblems(w io.Writer, err error) {
	var ne *normalize.Error
	if !errors.As(err, &ne) {
		fmt.Fprintf(w, "devicecode normalize: %s\n", safetext.Escape(err.Error()))
		return
	}
	fmt.Fprintf(w, "devicecode normalize: %s response rejected (%d problem%s):\n", ne.Vendor, len(ne.Problems), plural(len(ne.Problems)))
	for _, p := range ne.Problems {
		fmt.Fprintf(w, "  %s: %s\n", ne.Vendor, safetext.Escape(p.String()))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
