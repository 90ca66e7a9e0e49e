package veeam

import (
	"context"
	"errors"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Resume continues a flow from a State saved earlier (Flow.State, e.g.
// stored as JSON), with its interval, expiry and next due time, in this
// or any other process. The client needs no Target: DeviceCode/check
// takes the user code alone, which the State holds, so any client of the
// same server finishes a flow another started. A State of another server
// is a *devicecode.StateError, before any request.
func (c *Client) Resume(st devicecode.State) (*devicecode.Flow, error) {
	if err := checkCode(&st.DeviceCode); err != nil {
		return nil, err
	}
	return devicecode.ResumeFlow(st, c.poll(st.DeviceCode), c.pollOptions()...)
}

// poll is one DeviceCode/check of dc, a copy: the caller's may change.
// Its error is masked before the engine logs it or words its own with it.
func (c *Client) poll(dc normalize.DeviceCode) devicecode.PollFunc[*devicecode.Outcome] {
	return func(ctx context.Context) (*devicecode.Outcome, error) {
		code, err := c.check(ctx, &dc)
		if err != nil {
			return nil, c.mask.Err(err)
		}
		return &devicecode.Outcome{Vendor: normalize.Veeam, UserCode: code}, nil
	}
}

// pollOptions add the flow's origin, the server, and the flow's wording
// of every error ("veeam: waiting for approval: …"), last: the outermost.
func (c *Client) pollOptions() []devicecode.Option {
	return append(c.s.PollOptions(), devicecode.WithOrigin(vendorkit.Origin(c.base, "", "")),
		devicecode.WithErrorWrapper(func(err error) error { return fail(vendorkit.OpToken, err) }))
}

// checkCode refuses a saved device code that Start could not have
// returned: another vendor's, or one without the user code the check
// sends.
func checkCode(dc *normalize.DeviceCode) error {
	if dc.Vendor != normalize.Veeam || dc.UserCode == "" {
		return fail(vendorkit.OpToken, errors.New("not a Veeam device code from Start"))
	}
	return nil
}
