package vendorkit

import (
	"context"
	"fmt"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// Poller is the engine's schedule for dc, one poll of the token endpoint
// per due time: Wait blocks, PollOnce serves a backend that polls many
// flows itself. Its errors read like Wait's ("gitlab: waiting for
// approval: …").
func (f *Flow) Poller(dc *normalize.DeviceCode) (*devicecode.Poller[*oauth2.Token], error) {
	if err := f.check(dc); err != nil {
		return nil, err
	}
	return devicecode.NewPoller(dc, f.poll(dc.DeviceCode), f.PollOptions()...)
}

// Resume is Poller for a flow saved earlier (Poller.State, e.g. as JSON),
// keeping its interval, expiry and next due time. A State of another
// instance or client is a *devicecode.StateError, before any request.
func (f *Flow) Resume(st devicecode.State) (*devicecode.Poller[*oauth2.Token], error) {
	if err := f.check(&st.DeviceCode); err != nil {
		return nil, err
	}
	return devicecode.ResumePoller(st, f.poll(st.DeviceCode.DeviceCode), f.PollOptions()...)
}

// PollOptions are the engine options of the flow's pollers: the clock,
// the vendor's, the caller's, then the vendor's wording of every error,
// last, so that it is the outermost, as it always was for Wait.
func (f *Flow) PollOptions() []devicecode.Option {
	return append(f.Settings.pollOptions(f.Poll), devicecode.WithOrigin(f.Origin),
		devicecode.WithErrorWrapper(func(err error) error { return f.fail(OpToken, err) }))
}

// check refuses a device code that is not this vendor's.
func (f *Flow) check(dc *normalize.DeviceCode) error {
	if dc == nil || dc.Vendor != f.Vendor || dc.DeviceCode == "" {
		return fmt.Errorf("%s: %s: not a %s device code from Start", f.Vendor, OpToken, f.Name)
	}
	return nil
}

// poll is one device-grant request for deviceCode (RFC 8628 §3.4).
func (f *Flow) poll(deviceCode string) devicecode.PollFunc[*oauth2.Token] {
	return func(ctx context.Context) (*oauth2.Token, error) {
		return f.token(ctx, url.Values{"grant_type": {devicecode.GrantType}, "device_code": {deviceCode}})
	}
}
