package vendorkit

import (
	"context"
	"fmt"
	"net/url"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// Resume continues a flow saved earlier (Flow.State, e.g. as JSON),
// keeping its interval, expiry and next due time. A State of another
// instance or client is a *devicecode.StateError, before any request.
// The flow's errors read like Start's ("gitlab: waiting for approval: …").
func (f *Flow) Resume(st devicecode.State) (*devicecode.Flow, error) {
	if err := f.check(&st.DeviceCode); err != nil {
		return nil, err
	}
	return devicecode.ResumeFlow(st, f.poll(st.DeviceCode.DeviceCode), f.PollOptions()...)
}

// PollOptions are the engine options of the flow's pollers: the clock,
// the vendor's, the caller's, then the vendor's wording of every error,
// last, so that it is the outermost, as it always was for Wait.
func (f *Flow) PollOptions() []devicecode.Option {
	return append(f.Settings.PollOptions(f.Poll...), devicecode.WithOrigin(f.Origin),
		devicecode.WithErrorWrapper(func(err error) error { return f.fail(OpToken, err) }))
}

// check refuses a saved device code that is not this vendor's.
func (f *Flow) check(dc *normalize.DeviceCode) error {
	if dc == nil || dc.Vendor != f.Vendor || dc.DeviceCode == "" {
		return fmt.Errorf("%s: %s: not a %s device code from Start", f.Vendor, OpToken, f.Name)
	}
	return nil
}

// poll is one device-grant request for deviceCode (RFC 8628 §3.4).
func (f *Flow) poll(deviceCode string) devicecode.PollFunc[*devicecode.Outcome] {
	return func(ctx context.Context) (*devicecode.Outcome, error) {
		tok, err := f.token(ctx, url.Values{"grant_type": {devicecode.GrantType}, "device_code": {deviceCode}})
		if err != nil {
			return nil, err
		}
		return &devicecode.Outcome{Vendor: f.Vendor, Token: tok}, nil
	}
}
