// Command specsubset writes the closed subset of an upstream OpenAPI 3.0
// JSON document that holds the listed operations, without documentation or
// examples, deterministically. It is how specs/<vendor>/openapi.json is
// produced; see specs/veeam/SOURCE.md.
//
// Usage:
//
//	go run ./internal/tools/specsubset -upstream vb365_rest_v8.json \
//		-ops specs/veeam/operations.txt -any-to-json -strip-version \
//		-absorbed specs/veeam/absorbed.txt -out specs/veeam/openapi.json
//
// With -absorbed, an upstream file of an older version (info.version) than
// the cut already in -out does not replace it: the newer cut serves the
// older servers, and the tool reports every difference with how the client
// absorbs it, failing (exit 1) on any the list does not name.
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"

	"github.com/devicecode/devicecode/internal/tools/specsubset/subset"
)

func main() {
	upstream := flag.String("upstream", "", "upstream OpenAPI 3.0 file, JSON or YAML (required)")
	opsFile := flag.String("ops", "", "operation list, one \"METHOD /path\" a line (required)")
	out := flag.String("out", "", "output file (required)")
	anyToJSON := flag.Bool("any-to-json", false, "rename \"*/*\" response content to \"application/json\"")
	stripVersion := flag.Bool("strip-version", false, "remove the info.version prefix (\"/v8\") from every path")
	absorbed := flag.String("absorbed", "", "list of absorbed differences: keep a newer cut in -out and check an older upstream against it")
	flag.Parse()
	if *upstream == "" || *opsFile == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	opts := subset.Options{AnyToJSON: *anyToJSON, StripVersion: *stripVersion}
	// The current cut names the operationIds of the listed operations, for
	// the hint when one is missing upstream; there may be none yet.
	opts.Previous, _ = os.ReadFile(*out)
	if err := run(context.Background(), *upstream, *opsFile, *out, *absorbed, opts); err != nil {
		fmt.Fprintln(os.Stderr, "specsubset:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, upstreamPath, opsPath, outPath, absorbedPath string, opts subset.Options) error {
	up, err := os.ReadFile(upstreamPath)
	if err != nil {
		return err
	}
	f, err := os.Open(opsPath)
	if err != nil {
		return err
	}
	defer f.Close() //nolint:errcheck // read only: Close has nothing to report
	ops, err := subset.ParseOperations(f)
	if err != nil {
		return err
	}
	res, err := subset.Extract(ctx, up, ops, opts)
	if err != nil {
		return err
	}
	// The digest goes to stderr so that whoever re-syncs can record it in
	// SOURCE.md next to the upstream commit.
	fmt.Fprintf(os.Stderr, "specsubset: upstream sha256 %x, %d operations\n", sha256.Sum256(up), len(ops))
	if absorbedPath != "" {
		if kept, err := keepNewer(res.JSON, opts.Previous, absorbedPath); kept || err != nil {
			return err
		}
	}
	if err := os.WriteFile(outPath, res.JSON, 0o644); err != nil {
		return err
	}
	if res.Prefix != "" {
		fmt.Fprintln(os.Stderr, "specsubset: stripped the version prefix", res.Prefix, "from every path")
	}
	for _, loc := range res.Rewritten {
		fmt.Fprintln(os.Stderr, "specsubset: rewrote */* to application/json at", loc)
	}
	return nil
}
