package shared

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
)

// Regions are the values of --region, the Microsoft 365 cloud a tenant
// lives in, in one vocabulary for every vendor; each maps them onto its
// own API's words (Cohesity's UsGccHigh, VB365's USGovernment, …).
var Regions = []string{"worldwide", "china", "germany", "us-gcc-high", "us-dod"}

// AddRegionFlag defines --region on c, one of Regions or none, and
// returns its value; whose says whose region it is ("the tenant"), with
// the flag it goes with.
func AddRegionFlag(c *cobra.Command, whose, with string) *cmdutil.Choice {
	region := cmdutil.NewChoice("", Regions...)
	cmdutil.ChoiceVar(c, region, "region", "",
		"the Microsoft 365 cloud `REGION` of "+whose+": "+cmdutil.JoinOr(Regions)+" (with "+with+")")
	return region
}

// AddCreateAppsFlag defines --create-apps N on c: what a completion step
// creates with the sign-in, and the flags it needs.
func AddCreateAppsFlag(c *cobra.Command, n *int, needs string) {
	c.Flags().IntVar(n, "create-apps", 0, "then create `N` Azure applications with the sign-in (needs "+needs+")")
}
