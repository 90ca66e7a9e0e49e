package cohesity

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

var _ devicecode.Client = (*Client)(nil)

// Resume continues a flow from a State saved earlier (Flow.State, e.g.
// stored as JSON), with its interval, expiry and next due time, in this
// or any other process. The flow polls for the State's Microsoft 365
// domain (Origin.Tenant, which Start records), not Config.Domain: any
// Client of the same cluster finishes it, one built with no Domain too. A
// State of another cluster or Helios routing, or without a domain, is a
// *devicecode.StateError, before any request.
func (c *Client) Resume(st devicecode.State) (*devicecode.Flow, error) {
	if err := checkCode(&st.DeviceCode); err != nil {
		return nil, err
	}
	domain := st.Origin.Tenant
	if domain == "" {
		return nil, fail(vendorkit.OpToken, &devicecode.StateError{Vendor: st.DeviceCode.Vendor, Field: "/origin",
			Reason: "the flow names no Microsoft 365 domain (tenant), which its token requests must carry"})
	}
	return devicecode.ResumeFlow(st, c.poll(domain, st.DeviceCode.DeviceCode), c.pollOptions(domain)...)
}

// checkCode refuses a saved device code that is not Cohesity's.
func checkCode(dc *normalize.DeviceCode) error {
	if dc.Vendor != normalize.Cohesity || dc.DeviceCode == "" {
		return fail(vendorkit.OpToken, errors.New("not a Cohesity device code from Start"))
	}
	return nil
}

// poll is one token request, judged by the Classifier and masked before
// the engine logs it or words its own errors with it.
func (c *Client) poll(domain, deviceCode string) devicecode.PollFunc[*devicecode.Outcome] {
	return func(ctx context.Context) (*devicecode.Outcome, error) {
		tok, err := c.pollToken(ctx, domain, deviceCode)
		if err != nil {
			return nil, c.mask.Err(c.judge(err))
		}
		return &devicecode.Outcome{Vendor: normalize.Cohesity, Token: tok}, nil
	}
}

// pollOptions add the flow's origin and Wait's wording of every error,
// last: the outermost.
func (c *Client) pollOptions(domain string) []devicecode.Option {
	return append(c.settings.PollOptions(), devicecode.WithOrigin(c.origin(domain)),
		devicecode.WithErrorWrapper(func(err error) error { return fail(vendorkit.OpToken, err) }))
}

// origin is where a flow of domain belongs: this Client's cluster (site)
// and the domain as the flow sends it. Resume passes the State's own
// domain, so only the cluster and its Helios routing can differ: the
// domain is the flow's data, not the Client's identity.
func (c *Client) origin(domain string) devicecode.Origin {
	o := c.site
	o.Tenant = domain
	return o
}

// siteOf is the cluster of a Client's flows. A Helios request is routed to
// one cluster or region, which issued the code: both are part of it.
func siteOf(base *url.URL, cfg Config) devicecode.Origin {
	o := vendorkit.Origin(base, "", "")
	if cfg.AccessClusterID != 0 || cfg.RegionID != "" {
		o.Instance += fmt.Sprintf(" (Helios: accessClusterId %d, regionId %s)", cfg.AccessClusterID, cfg.RegionID)
	}
	return o
}
