package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// cohesityKeyEnv keeps the API key off the command line (and out of ps).
const cohesityKeyEnv = "DEVICECODE_COHESITY_API_KEY"

// cohesityArgs are the flags of `devicecode login cohesity`; the shared
// ones (--output, --timeout, --open, --allow-verification-host) live in
// loginArgs, so that the prompt and status machinery serve it unchanged.
type cohesityArgs struct {
	loginArgs
	domain, keyFile, caFile, username string
	regionID                          string // Helios
	clusterID                         int64  // Helios
	region                            string
	createApps                        int
	apiKey                            string // a secret
	caPEM                             []byte
}

func newCohesityCmd(s stdio) *cobra.Command {
	a := &cohesityArgs{loginArgs: loginArgs{vendor: normalize.Cohesity}}
	c := &cobra.Command{
		Use:   "cohesity",
		Short: "Sign a Microsoft 365 administrator in through a Cohesity cluster or Helios",
		Long: `Signs a Microsoft 365 administrator in with the device authorization grant that
a Cohesity cluster (or Helios) brokers with Microsoft, for registering a
Microsoft 365 source. --base-url is the cluster's address (/v2 is added) and
--domain the Microsoft 365 domain. The cluster's API key comes from
$` + cohesityKeyEnv + ` or --api-key-file, never from the command line;
--ca-file trusts a cluster's self-signed certificate. On Helios,
--access-cluster-id and --region-id route the requests.

With --create-apps N the token then creates N Azure applications for
--username; --output json prints their client ids and secrets (treat that
output as a secret).`,
		Example: `  DEVICECODE_COHESITY_API_KEY=... devicecode login cohesity --base-url https://cluster.example.com --domain contoso.onmicrosoft.com
  devicecode login cohesity --base-url https://cluster.example.com --api-key-file key.txt --ca-file cluster.pem \
    --domain contoso.onmicrosoft.com --create-apps 2 --username admin@contoso.onmicrosoft.com --output json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.check(); err != nil {
				return err
			}
			return a.run(cmd.Context(), s)
		},
	}
	a.addFlags(c)
	return c
}

func (a *cohesityArgs) addFlags(c *cobra.Command) {
	a.output = newChoice("text", "text", "json")
	fs := c.Flags()
	fs.StringVar(&a.baseURL, "base-url", "", "`URL` of the Cohesity cluster or Helios (required)")
	fs.StringVar(&a.domain, "domain", "", "the Microsoft 365 `DOMAIN`, e.g. contoso.onmicrosoft.com (required)")
	fs.StringVar(&a.keyFile, "api-key-file", "", "read the cluster's API key from `FILE` (else $"+cohesityKeyEnv+")")
	fs.StringVar(&a.caFile, "ca-file", "", "trust the cluster's certificate chain in this PEM `FILE` (only it, not the system roots)")
	fs.Int64Var(&a.clusterID, "access-cluster-id", 0, "Helios: route to the cluster with this `ID` (the accessClusterId header)")
	fs.StringVar(&a.regionID, "region-id", "", "Helios: route to the region with this `ID` (the regionId header)")
	fs.IntVar(&a.createApps, "create-apps", 0, "then create `N` Azure applications with the token")
	fs.StringVar(&a.username, "username", "", "the Microsoft 365 `USER` the applications are for (with --create-apps)")
	fs.StringVar(&a.region, "region", "", "the Microsoft cloud `REGION` of the tenant: "+joinOr(cohesityRegions)+" (with --create-apps)")
	fs.VarP(a.output, "output", "o", "text (a summary without secrets) or json (the token and application secrets)")
	fs.DurationVar(&a.timeout, "timeout", 0, "give up after `DURATION` (e.g. 2m); 0 waits until the code expires")
	fs.BoolVar(&a.open, "open", false, "open the verification page in the default browser")
	fs.StringArrayVar(&a.allowHosts, "allow-verification-host", nil,
		"also accept a verification URI on `HOST`, beyond Microsoft's device-login hosts (repeatable)")
	_ = c.RegisterFlagCompletionFunc("output", a.output.complete)
	_ = c.RegisterFlagCompletionFunc("region", cobra.FixedCompletions(cohesityRegions, cobra.ShellCompDirectiveNoFileComp))
}

// cohesityRegions are the values of --region.
var cohesityRegions = []string{string(cohesity.RegionWorldwide), string(cohesity.RegionChina),
	string(cohesity.RegionGermany), string(cohesity.RegionUSDoD), string(cohesity.RegionUSGCCHigh)}

// run is the login once the flags are checked: the shared prompt and
// wait, then the applications.
func (a *cohesityArgs) run(ctx context.Context, s stdio) error {
	ui := newStatusLine(s)
	c, err := cohesity.New(cohesity.Config{BaseURL: a.baseURL, APIKey: devicecode.Secret(a.apiKey), Domain: a.domain, CAPEM: a.caPEM,
		AccessClusterID: a.clusterID, RegionID: a.regionID},
		devicecode.WithObserver(observer(ui)), devicecode.WithVerificationHosts(a.allowHosts...))
	if err != nil {
		return a.configUsage(err)
	}
	ctx, cancel := withTimeout(ctx, a.timeout)
	defer cancel()
	out, err := signIn(ctx, c, ui, a.open)
	if err != nil {
		return &flowError{err: hostHint(timeoutCause(ctx, err))}
	}
	var apps []cohesity.AppCredentials
	if a.createApps > 0 {
		apps, err = c.CreateAzureApplications(ctx, out.Token, a.createApps, a.username, cohesity.Region(a.region))
		if err != nil {
			return &flowError{err: timeoutCause(ctx, err)}
		}
	}
	if err := writeCohesity(s.out, a, out.Token, apps); err != nil {
		return &flowError{err: fmt.Errorf("writing output: %w", err)}
	}
	return nil
}
