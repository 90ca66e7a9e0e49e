package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/devicecode/devicecode/normalize"
)

func init() {
	register("normalize", command{
		summary: "print a vendor's device authorization response as canonical JSON",
		run:     runNormalize,
	})
}

const normalizeUsage = `usage: devicecode normalize --vendor gitlab|microsoft|cohesity|veeam [--now RFC3339] [FILE|-]

Reads one device authorization response body (from FILE, or stdin when FILE
is absent or "-"), validates it against the vendor's schema and devicecode's
safety rules, and prints the canonical JSON on stdout. On invalid input every
problem is printed on stderr and the exit status is 1; usage errors exit 2.

The output contains the device code: treat it as a secret.

flags:
`

// runNormalize is `devicecode normalize`.
func runNormalize(_ context.Context, args []string, s stdio) int {
	req, code := parseNormalize(args, s.err)
	if code != exitOK {
		return code
	}
	body, err := readBody(req.file, s.in)
	if err != nil {
		fmt.Fprintf(s.err, "devicecode normalize: %v\n", err)
		return exitError
	}
	dc, err := normalize.Decode(req.vendor, body, req.opts...)
	if err != nil {
		printProblems(s.err, err)
		return exitError
	}
	enc := json.NewEncoder(s.out)
	enc.SetEscapeHTML(false) // URIs carry & and the output is for people and jq alike
	enc.SetIndent("", "  ")
	if err := enc.Encode(dc); err != nil {
		fmt.Fprintf(s.err, "devicecode normalize: writing output: %v\n", err)
		return exitError
	}
	return exitOK
}

type normalizeRequest struct {
	vendor normalize.Vendor
	file   string
	opts   []normalize.Option
}

func parseNormalize(args []string, stderr io.Writer) (normalizeRequest, int) {
	fs := flag.NewFlagSet("normalize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, normalizeUsage)
		fs.PrintDefaults()
	}
	vendor := fs.String("vendor", "", "the vendor that sent the response: "+vendorList())
	now := fs.String("now", "", "the issue time, RFC 3339 (default: the current time); fixes expires_at for reproducible output")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return normalizeRequest{}, parseExit(err) // flag has printed the error and usage
	}
	usageErr := func(format string, a ...any) (normalizeRequest, int) {
		fmt.Fprintf(stderr, "devicecode normalize: "+format+"\n", a...)
		fs.Usage()
		return normalizeRequest{}, exitUsage
	}
	req := normalizeRequest{vendor: normalize.Vendor(*vendor), file: "-"}
	switch {
	case *vendor == "":
		return usageErr("--vendor is required")
	case !req.vendor.Known():
		return usageErr("unknown vendor %q (want %s)", *vendor, vendorList())
	case len(files) > 1:
		return usageErr("one input at a time, got %d", len(files))
	case len(files) == 1:
		req.file = files[0]
	}
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			return usageErr("--now %q is not an RFC 3339 time", *now)
		}
		req.opts = append(req.opts, normalize.WithIssuedAt(t))
	}
	return req, exitOK
}

// parseInterleaved lets flags follow the file name too
// (`devicecode normalize resp.json --vendor veeam`).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		if len(args) > fs.NArg() && args[len(args)-fs.NArg()-1] == "--" {
			return append(positional, fs.Args()...), nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func vendorList() string {
	names := make([]string, 0, 4)
	for _, v := range normalize.Vendors() {
		names = append(names, string(v))
	}
	return strings.Join(names, "|")
}

// readBody reads at most one byte more than Decode accepts, so a huge input
// is refused by Decode (naming the limit) without being read whole.
func readBody(file string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
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
		fmt.Fprintf(w, "devicecode normalize: %v\n", err)
		return
	}
	fmt.Fprintf(w, "devicecode normalize: %s response rejected (%d problem%s):\n", ne.Vendor, len(ne.Problems), plural(len(ne.Problems)))
	for _, p := range ne.Problems {
		fmt.Fprintf(w, "  %s: %s\n", ne.Vendor, p)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
