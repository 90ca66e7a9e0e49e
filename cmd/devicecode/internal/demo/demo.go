// Package demo is `devicecode demo`: a sign-in to each vendor's built-in
// fake, offline, on a fake clock, written as an integrator writes it with
// the SDK's public contract, each step shown. Its durable scenario runs
// the sign-in as a job of package durable, on River and SQLite and the
// real clock, across a worker's restart.
package demo

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/normalize"
)

// Options are the flags of `devicecode demo`.
type Options struct {
	vendor, scenario, output *cmdutil.Choice
}

// NewCmd is `devicecode demo`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	a := &Options{vendor: cmdutil.NewChoice("", demoVendorNames()...), scenario: cmdutil.NewChoice("approve", scenarioNames...),
		output: cmdutil.NewChoice("text", "text", "json")}
	c := &cobra.Command{
		Use:   "demo",
		Short: "Sign in to each vendor's built-in fake, offline, showing each step",
		Long: `Runs the whole device flow against devicecode's built-in fakes of the
vendors (package devicetest), offline, with the SDK's public API — the code
an integrator writes. For each vendor it shows the vendor's raw answer, the
canonical device code (device code redacted), the prompt a user would see,
the poll timeline (each request, its answer and the wait before the next)
and the outcome. The fakes run on a fake clock: the waits are the real RFC
8628 ones, they only take no time.

--scenario shows the failure handling: slow_down (the interval grows by
5 s), deny (access denied at once; VB365, which documents no such answer,
refuses the code with HTTP 400), expire (a last poll at expiry, then
expired), flaky (a 503 with Retry-After and a dropped connection, retried).

--scenario durable runs each sign-in as a durable job (package durable) on
River and SQLite, in a temporary file, sealed with a random key made for
the run: worker 1 polls once and is stopped, the person approves, worker 2
(its own connection, client and Flows, as a new process) finishes the
flow. It runs on the real clock, the fakes' interval 1 s (VB365 has its
clients poll every 5 s): some 20 s for the four vendors, each step shown
as it happens. The flow passes when the outcome handler stored one
outcome and the fake got the RFC minimum of requests (with VB365's version
probe and sign-in in each process).

Exit status: 0 when every flow ended as the scenario says it must; 1 when
one did not.

--output json writes one JSON object per vendor, one per line:
  vendor, scenario  the vendor and the --scenario
  device_code       the canonical device code (RFC 8628 §3.2), device code
                    redacted; none for durable, whose State stays sealed
  prompt            the prompt a user would see
  requests          the timeline: one {at_s, method, path, status, body,
                    note} per request; at_s is seconds since the flow
                    started on the fake clock (the real one for durable; a
                    number, to the millisecond), status 0 means no answer
                    came and note says why, body is the JSON answer with
                    its secrets redacted
  outcome           how the flow ended, in words
  expected          true when that is the scenario's outcome
  outcomes          durable only: the outcomes the handler stored
  rfc_minimum       durable only: the fewest requests a client sends for
                    the flow, which the fake's count must equal`,
		Example: `  devicecode demo
  devicecode demo --vendor gitlab --scenario slow_down
  devicecode demo --vendor gitlab --scenario durable
  devicecode demo --scenario deny --output json | jq .outcome`,
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return run(c, a, f) },
	}
	fs := c.Flags()
	fs.Var(a.vendor, "vendor", "only this `VENDOR`: "+cmdutil.JoinOr(a.vendor.Allowed())+" (default: all)")
	fs.Var(a.scenario, "scenario", "what the fake does, the `SCENARIO`: "+cmdutil.JoinOr(a.scenario.Allowed()))
	fs.VarP(a.output, "output", "o", "text, or json: one object per vendor")
	for name, ch := range map[string]*cmdutil.Choice{"vendor": a.vendor, "scenario": a.scenario, "output": a.output} {
		_ = c.RegisterFlagCompletionFunc(name, ch.Complete)
	}
	return c
}

func demoVendorNames() []string {
	names := make([]string, 0, len(demoVendors))
	for _, v := range demoVendors {
		names = append(names, string(v.vendor))
	}
	return names
}

// run signs in to each vendor's fake (or --vendor's) under --scenario.
func run(c *cobra.Command, a *Options, f *cmdutil.Factory) error {
	one := func(v demoVendor) demoResult { return runDemo(c.Context(), v, a.scenario.Value) }
	if a.scenario.Value == durableScenario {
		var err error
		if one, err = durableDemo(c.Context(), a.output.Value, f.IO); err != nil {
			return &cmdutil.FlowError{Err: fmt.Errorf("demo: %w", err)}
		}
	}
	failed := 0
	for _, v := range demoVendors {
		if a.vendor.Value != "" && normalize.Vendor(a.vendor.Value) != v.vendor {
			continue
		}
		res := one(v)
		if err := c.Context().Err(); err != nil {
			return err // Ctrl-C: the exit status says it
		}
		if err := writeDemo(f.IO.Out, a.output.Value, res); err != nil {
			return &cmdutil.FlowError{Err: fmt.Errorf("writing output: %w", err)}
		}
		if !res.Expected {
			failed++
		}
	}
	if failed > 0 {
		return &cmdutil.FlowError{Err: fmt.Errorf("demo: %d flow(s) did not end as the %s scenario must", failed, a.scenario.Value)}
	}
	return nil
}
