// Package cohesitycmd is `devicecode login cohesity`. (The name keeps it
// apart from the SDK's package cohesity, whose client it builds.)
package cohesitycmd

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// KeyEnv keeps the API key off the command line (and out of ps).
const KeyEnv = "DEVICECODE_COHESITY_API_KEY"

// apiKey is where the cluster's API key comes from.
var apiKey = shared.SecretFile{Flag: "--api-key-file", Env: KeyEnv, What: "the cluster's API key", Trim: strings.TrimSpace}

// Options are the flags of `devicecode login cohesity`.
type Options struct {
	shared.Options
	baseURL, domain, keyFile, caFile, m365User string
	regionID                                   string // Helios
	clusterID                                  int64  // Helios
	region                                     *cmdutil.Choice
	createApps                                 int
	declined                                   []string // errorCodes that mean the person declined
	apiKey                                     string   // a secret
	caPEM                                      []byte
}

// NewCmd is `devicecode login cohesity`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	c := &cobra.Command{
		Use:   "cohesity",
		Short: "Sign a Microsoft 365 admin in through a Cohesity cluster or Helios",
		Long: `Signs a Microsoft 365 administrator in with the device authorization grant that
a Cohesity cluster (or Helios) brokers with Microsoft, for registering a
Microsoft 365 source. --base-url is the cluster's address (/v2 is added) and
--domain the Microsoft 365 domain. The cluster's API key comes from
$` + KeyEnv + ` or --api-key-file, never from the command line;
--ca-file trusts a cluster's self-signed certificate. On Helios,
--access-cluster-id and --region-id route the requests. Cohesity documents
no error for a declined sign-in, so a refusal reads as pending until the
code expires; --declined-error CODE names the errorCode that ends the
sign-in as declined at once.

With --create-apps N the sign-in then creates N Azure applications for
--m365-user, in the tenant's --region; --output json prints their client
ids and secrets (treat that output as a secret).`,
		Example: `  DEVICECODE_COHESITY_API_KEY=... devicecode login cohesity \
      --base-url https://cluster.example.com --domain contoso.onmicrosoft.com
  devicecode login cohesity --base-url https://cluster.example.com \
      --api-key-file key.txt --ca-file cluster.pem \
      --domain contoso.onmicrosoft.com --create-apps 2 \
      --m365-user admin@contoso.onmicrosoft.com --output json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(); err != nil {
				return err
			}
			return shared.Run(cmd.Context(), f, &o.Options, o.client, o.complete, o.write)
		},
	}
	o.addFlags(c)
	return c
}

func (o *Options) addFlags(c *cobra.Command) {
	fs := c.Flags()
	fs.StringVar(&o.baseURL, "base-url", "", "`URL` of the Cohesity cluster or Helios (required)")
	fs.StringVar(&o.domain, "domain", "", "the Microsoft 365 `DOMAIN`, e.g. contoso.onmicrosoft.com (required)")
	apiKey.AddFlag(c, &o.keyFile)
	shared.AddCAFileFlag(c, &o.caFile)
	fs.Int64Var(&o.clusterID, "access-cluster-id", 0, "Helios: route to the cluster with this `ID` (the accessClusterId header)")
	fs.StringVar(&o.regionID, "region-id", "", "Helios: route to the region with this `ID` (the regionId header)")
	shared.AddCreateAppsFlag(c, &o.createApps, "--m365-user")
	fs.StringVar(&o.m365User, "m365-user", "", "the Microsoft 365 `USER` the applications are for (with --create-apps)")
	o.region = shared.AddRegionFlag(c, "the tenant", "--create-apps")
	fs.StringSliceVar(&o.declined, "declined-error", nil, "the cluster's errorCode `CODE` that means the person declined (repeatable)")
	o.AddFlags(c, "text (a summary without secrets) or json (the token and application secrets)", "Microsoft's device-login hosts")
}

// regions are Cohesity's words for shared.Regions (microsoft365Region).
var regions = map[string]cohesity.Region{
	"worldwide":   cohesity.RegionWorldwide,
	"china":       cohesity.RegionChina,
	"germany":     cohesity.RegionGermany,
	"us-gcc-high": cohesity.RegionUSGCCHigh,
	"us-dod":      cohesity.RegionUSDoD,
}

// client is the cluster's devicecode.Client for the flags.
func (o *Options) client(opts ...devicecode.Option) (*cohesity.Client, error) {
	c, err := cohesity.New(cohesity.Config{BaseURL: o.baseURL, APIKey: devicecode.Secret(o.apiKey), Domain: o.domain, CAPEM: o.caPEM,
		AccessClusterID: o.clusterID, RegionID: o.regionID, DeclinedErrors: o.declined}, opts...)
	if err != nil {
		return nil, o.configUsage(err)
	}
	return c, nil
}

// result is what the login yields: the token, and the applications when
// --create-apps asked for them.
type result struct {
	token *oauth2.Token
	apps  []cohesity.AppCredentials
}

// complete creates the applications --create-apps asks for with the
// sign-in's token.
func (o *Options) complete(ctx context.Context, c *cohesity.Client, out *devicecode.Outcome) (result, error) {
	r := result{token: out.Token}
	if o.createApps > 0 {
		var err error
		if r.apps, err = c.CreateAzureApplications(ctx, out.Token, o.createApps, o.m365User, regions[o.region.Value]); err != nil {
			return r, err
		}
	}
	return r, nil
}
