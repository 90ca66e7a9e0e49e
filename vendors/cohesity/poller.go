package cohesity

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Poller returns the schedule Wait runs, for a backend that keeps many
// pending sign-ins (tenants being onboarded) without a goroutine each: it
// calls PollOnce when State().NextPollAt is due (earlier is
// devicecode.ErrTooEarly, and no request), keeps the flow while
// devicecode.IsPending(err), and saves State() and the domain to continue
// with Resume after a restart. PollOnce and Wait yield Wait's token and
// word errors like Wait. dc must come from this Client's Start; the
// Poller takes its domain over, so a later Wait for dc needs WaitDomain.
func (c *Client) Poller(dc *normalize.DeviceCode) (*devicecode.Poller[*oauth2.Token], error) {
	if err := checkCode(dc); err != nil {
		return nil, err
	}
	c.st.mu.Lock()
	pending, ok := c.st.domains[dc.DeviceCode]
	c.st.mu.Unlock()
	domain := pending.domain
	if !ok {
		return nil, fail(vendorkit.OpToken, fmt.Errorf("the device code is not from this Client's Start: use WaitDomain or Resume"))
	}
	return c.poller(dc, domain)
}

// Resume continues a flow of domain from a State saved earlier
// (Poller.State, e.g. stored as JSON), with its interval, expiry and next
// due time. The State records the domain, and a State of another
// cluster or domain is a *devicecode.StateError, before any request.
func (c *Client) Resume(st devicecode.State, domain string) (*devicecode.Poller[*oauth2.Token], error) {
	if err := c.checkDomain(&st.DeviceCode, domain); err != nil {
		return nil, err
	}
	return devicecode.ResumePoller(st, c.poll(domain, st.DeviceCode.DeviceCode), c.pollOptions(domain)...)
}

// poller starts the schedule for dc of domain; the Client forgets the
// domain it kept for dc, which the Poller now holds.
func (c *Client) poller(dc *normalize.DeviceCode, domain string) (*devicecode.Poller[*oauth2.Token], error) {
	if err := c.checkDomain(dc, domain); err != nil {
		return nil, err
	}
	c.st.mu.Lock()
	delete(c.st.domains, dc.DeviceCode)
	c.st.mu.Unlock()
	return devicecode.NewPoller(dc, c.poll(domain, dc.DeviceCode), c.pollOptions(domain)...)
}

func (c *Client) checkDomain(dc *normalize.DeviceCode, domain string) error {
	if err := checkCode(dc); err != nil {
		return err
	}
	if domain == "" {
		return fail(vendorkit.OpToken, fmt.Errorf("the Microsoft 365 domain is missing"))
	}
	return nil
}

// poll is one token request, judged by the Classifier and masked before
// the engine logs it or words its own errors with it.
func (c *Client) poll(domain, deviceCode string) devicecode.PollFunc[*oauth2.Token] {
	return func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := c.pollToken(ctx, domain, deviceCode)
		return tok, c.mask.Err(c.judge(err))
	}
}

// pollOptions add the flow's origin — the cluster (and the Helios
// routing to it) and the Microsoft 365 domain — and Wait's wording of
// every error, last: the outermost.
func (c *Client) pollOptions(domain string) []devicecode.Option {
	return append(c.settings.PollOptions(), devicecode.WithOrigin(c.origin(domain)),
		devicecode.WithErrorWrapper(func(err error) error { return fail(vendorkit.OpToken, err) }))
}

// origin is where a flow of domain belongs: the cluster (site) and the
// Microsoft 365 domain.
func (c *Client) origin(domain string) devicecode.Origin {
	o := c.site
	o.Tenant = strings.ToLower(domain)
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
