package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/prompt"
	"github.com/devicecode/devicecode/normalize"
)

// demoStart is when every demo flow begins, on its own fake clock: the
// waits are real RFC 8628 waits, they just cost no time.
var demoStart = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

// demoResult is what one vendor's demo shows (and --output json emits).
type demoResult struct {
	Vendor     normalize.Vendor `json:"vendor"`
	Scenario   string           `json:"scenario"`
	DeviceCode json.RawMessage  `json:"device_code,omitempty"` // canonical, device code redacted
	Prompt     string           `json:"prompt,omitempty"`
	Requests   []exchange       `json:"requests"`
	Outcome    string           `json:"outcome"`
	Expected   bool             `json:"expected"`
	// The durable scenario's counts: outcomes the handler stored, and
	// the fewest requests an RFC 8628 client sends for the flow.
	Outcomes   *int `json:"outcomes,omitempty"`
	RFCMinimum *int `json:"rfc_minimum,omitempty"`
}

// runDemo signs in to one vendor's fake under one scenario.
func runDemo(ctx context.Context, v demoVendor, name string) demoResult {
	clk := fakeclock.NewAuto(demoStart)
	set := v.setup(name, clk)
	defer set.fake.Close()
	rec := &recorder{base: transportOf(set.fake.Client()), clock: clk, start: demoStart}
	res := demoResult{Vendor: v.vendor, Scenario: name}
	outcome, err := demoSignIn(ctx, v, set, clk, &http.Client{Transport: rec}, &res)
	res.Requests = rec.exchanges()
	res.Outcome, res.Expected = outcome, set.expected(err)
	switch {
	case err != nil && set.describe != nil:
		res.Outcome = set.describe(err)
	case err != nil:
		res.Outcome = err.Error()
	}
	return res
}

// demoSignIn is the integrator's code: Start, show the flow's prompt (as
// devicecode login does), Wait, then the vendor's completion steps.
func demoSignIn(ctx context.Context, v demoVendor, set demoSetup, clk *fakeclock.Clock, hc *http.Client, res *demoResult) (string, error) {
	c, complete, err := v.client(set.base, devicecode.WithClock(clk), devicecode.WithHTTPClient(hc))
	if err != nil {
		return "", err
	}
	fl, err := c.Start(ctx)
	if err != nil {
		return "", err
	}
	canonical, _ := json.Marshal(fl.State().DeviceCode)
	res.DeviceCode = redactBody(canonical)
	p := fl.Prompt()
	res.Prompt = demoPrompt(p, clk.Now())
	if set.decide != nil {
		if err := set.decide(p.UserCode); err != nil {
			return "", err
		}
	}
	out, err := fl.Wait(ctx)
	if err != nil {
		return "", err
	}
	return complete(ctx, out)
}

// demoPrompt is what devicecode login shows off a terminal, with the
// expiry read on the flow's fake clock (in UTC, demoStart's zone).
func demoPrompt(p devicecode.Prompt, now time.Time) string {
	var b bytes.Buffer
	prompt.Show(prompt.NewStatusLine(&cmdutil.IOStreams{ErrOut: &b}), p, now)
	return b.String()
}

func transportOf(c *http.Client) http.RoundTripper {
	if c.Transport == nil {
		return http.DefaultTransport
	}
	return c.Transport
}
