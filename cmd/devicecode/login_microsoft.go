package main

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func newMicrosoftCmd(s stdio) *cobra.Command {
	a := &loginArgs{vendor: normalize.Microsoft}
	a.client = a.microsoft
	c := &cobra.Command{
		Use:   "microsoft",
		Short: "Sign in to Microsoft Entra ID (work, school or personal accounts)",
		Long: `Signs in to Microsoft Entra ID with the device authorization grant.
--client-id is the application (client) ID of an app registration that allows
public client flows; --tenant picks the directory and --scope what to ask for
(Microsoft Graph scopes such as User.Read, plus offline_access for a refresh
token and openid for an ID token).`,
		Example: `  devicecode login microsoft --tenant common --client-id ID --scope User.Read --scope offline_access
  devicecode login microsoft --tenant contoso.onmicrosoft.com --client-id ID --scope "openid User.Read" --output json`,
	}
	c = newVendorCmd(s, a, c, func() error {
		switch {
		case a.tenant == "":
			return usagef("--tenant is required")
		case len(a.scopes) == 0:
			return usagef("at least one --scope is required")
		}
		return nil
	})
	fs := c.Flags()
	fs.StringVar(&a.tenant, "tenant", "", "the `TENANT` (directory) to sign in to: common, organizations, consumers, a directory GUID or a domain (required)")
	fs.StringVar(&a.authority, "authority-host", microsoft.AuthorityPublicCloud, "`URL` of the cloud's login host")
	return c
}

func (a *loginArgs) microsoft(observe observeFunc) (devicecode.Client, error) {
	return microsoft.New(microsoft.Config{Tenant: a.tenant, ClientID: a.clientID, Scopes: a.scopes, ClientSecret: devicecode.Secret(a.clientSecret),
		AuthStyle: a.authStyle(), AuthorityHost: a.authority},
		devicecode.WithObserver(observe), devicecode.WithVerificationHosts(a.allowHosts...))
}
