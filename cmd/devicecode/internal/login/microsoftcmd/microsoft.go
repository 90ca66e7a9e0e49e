// Package microsoftcmd is `devicecode login microsoft`. (The name keeps it
// apart from the SDK's package microsoft, whose client it builds.)
package microsoftcmd

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// Options are the flags of `devicecode login microsoft`.
type Options struct {
	shared.OAuth
	Tenant, AuthorityHost string
}

// NewCmd is `devicecode login microsoft`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{OAuth: shared.OAuth{Vendor: normalize.Microsoft}}
	c := &cobra.Command{
		Use:   "microsoft",
		Short: "Sign in to Microsoft Entra ID (work, school or personal accounts)",
		Long: `Signs in to Microsoft Entra ID with the device authorization grant.
--client-id is the application (client) ID of an app registration that allows
public client flows; --tenant picks the directory and --scope what to ask for
(Microsoft Graph scopes such as User.Read, plus offline_access for a refresh
token and openid for an ID token).`,
		Example: `  devicecode login microsoft --tenant common --client-id ID --scope User.Read \
      --scope offline_access
  devicecode login microsoft --tenant contoso.onmicrosoft.com --client-id ID \
      --scope "openid User.Read" --output json`,
	}
	c = shared.NewOAuthCmd(f, &o.OAuth, c, o.check, o.client)
	fs := c.Flags()
	fs.StringVar(&o.Tenant, "tenant", "", "the `TENANT` (directory) to sign in to: common, organizations, consumers, a directory GUID or a domain (required)")
	fs.StringVar(&o.AuthorityHost, "authority-host", microsoft.AuthorityPublicCloud, "`URL` of the cloud's login host")
	return c
}

// check finds what the flag parser cannot in Entra's own flags.
func (o *Options) check() error {
	switch {
	case o.Tenant == "":
		return cmdutil.Usagef("--tenant is required")
	case len(o.Scopes) == 0:
		return cmdutil.Usagef("at least one --scope is required")
	}
	return nil
}

// client is Entra ID's devicecode.Client for the flags.
func (o *Options) client(opts ...devicecode.Option) (devicecode.Client, error) {
	c, err := microsoft.New(microsoft.Config{Tenant: o.Tenant, ClientID: o.ClientID, Scopes: o.Scopes,
		ClientSecret: devicecode.Secret(o.ClientSecret), AuthStyle: o.AuthStyle(), AuthorityHost: o.AuthorityHost}, opts...)
	if err != nil {
		return nil, err
	}
	return c, nil
}
