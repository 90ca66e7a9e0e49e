package veeamcmd

import (
	"context"
	"fmt"
	"io"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// result is --output json.
type result struct {
	UserCode      string              `json:"user_code"`
	Authenticated bool                `json:"authenticated"`
	APIVersion    string              `json:"api_version"`
	Applications  []veeam.Application `json:"applications,omitempty"`
}

// client is the VB365 server's devicecode.Client for the flags.
func (o *Options) client(opts ...devicecode.Option) (*veeam.Client, error) {
	c, err := veeam.New(veeam.Config{BaseURL: o.baseURL, Username: o.username, Password: devicecode.Secret(o.password),
		Target: o.target(), APIVersion: veeam.Version(o.apiVersion.Value), CAPEM: o.caPEM},
		opts...)
	if err != nil {
		return nil, o.configUsage(err)
	}
	return c, nil
}

func (o *Options) target() veeam.Target {
	switch {
	case o.orgID != "":
		return veeam.ExistingOrganization(o.orgID)
	case o.restoreSession != "":
		return veeam.RestoreSession(o.restoreSession)
	}
	return veeam.NewOrganization(regions[o.region.Value])
}

// regions are VB365's words for shared.Regions (targetRegion): its
// USGovernment is Microsoft 365 GCC High, USDefence the DoD cloud.
var regions = map[string]veeam.Region{
	"worldwide":   veeam.RegionWorldwide,
	"china":       veeam.RegionChina,
	"germany":     veeam.RegionGermany,
	"us-gcc-high": veeam.RegionUSGCCHigh,
	"us-dod":      veeam.RegionUSDoD,
}

// complete spends the approved user code on applications when
// --create-apps asks for them.
func (o *Options) complete(ctx context.Context, c *veeam.Client, out *devicecode.Outcome) (*result, error) {
	v, err := c.APIVersion(ctx)
	if err != nil {
		return nil, err
	}
	res := &result{UserCode: out.UserCode, Authenticated: true, APIVersion: string(v)}
	if o.createApps > 0 {
		if res.Applications, err = c.CreateApplications(ctx, o.orgID, o.displayName, out.UserCode, o.createApps); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// write prints the result on stdout.
func (o *Options) write(w io.Writer, r *result) error {
	if o.Output.Value == "json" {
		return cmdutil.WriteJSON(w, r)
	}
	if _, err := fmt.Fprintf(w, "signed in through veeam (%s): user code %s is authenticated\n",
		r.APIVersion, safetext.Show(r.UserCode)); err != nil {
		return err
	}
	for _, app := range r.Applications {
		if _, err := fmt.Fprintf(w, "created application %s %s\n", safetext.Show(app.ID), safetext.Show(app.DisplayName)); err != nil {
			return err
		}
	}
	return nil
}
