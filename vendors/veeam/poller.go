package veeam

import (
	"context"
	"errors"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Poller returns the schedule Wait runs, for a backend that keeps many
// pending sign-ins (organizations being onboarded) without a goroutine
// each: it calls PollOnce when State().NextPollAt is due (earlier is
// devicecode.ErrTooEarly, and no request), keeps the flow while
// devicecode.IsPending(err), and saves State() to continue with Resume
// after a restart. PollOnce and Wait yield Wait's user code, to spend with
// AddOrganization or CreateApplications, and word errors like Wait. dc
// must come from Start.
func (c *Client) Poller(dc *normalize.DeviceCode) (*devicecode.Poller[string], error) {
	if err := checkCode(dc); err != nil {
		return nil, err
	}
	return devicecode.NewPoller(dc, c.poll(*dc), c.pollOptions()...)
}

// Resume continues a flow from a State saved earlier (Poller.State, e.g.
// stored as JSON), with its interval, expiry and next due time. A State
// of another server is a *devicecode.StateError, before any request.
func (c *Client) Resume(st devicecode.State) (*devicecode.Poller[string], error) {
	if err := checkCode(&st.DeviceCode); err != nil {
		return nil, err
	}
	return devicecode.ResumePoller(st, c.poll(st.DeviceCode), c.pollOptions()...)
}

// poll is one DeviceCode/check of dc, a copy: the caller's may change.
// Its error is masked before the engine logs it or words its own with it.
func (c *Client) poll(dc normalize.DeviceCode) devicecode.PollFunc[string] {
	return func(ctx context.Context) (string, error) {
		code, err := c.check(ctx, &dc)
		return code, c.mask.Err(err)
	}
}

// pollOptions add the flow's origin, the server, and Wait's wording of
// every error, last: the outermost.
func (c *Client) pollOptions() []devicecode.Option {
	return append(c.s.PollOptions(), devicecode.WithOrigin(vendorkit.Origin(c.base, "", "")),
		devicecode.WithErrorWrapper(func(err error) error { return fail(opWait, err) }))
}

func checkCode(dc *normalize.DeviceCode) error {
	if dc == nil || dc.Vendor != normalize.Veeam || dc.UserCode == "" {
		return fail(opWait, errors.New("not a Veeam device code from Start"))
	}
	return nil
}
