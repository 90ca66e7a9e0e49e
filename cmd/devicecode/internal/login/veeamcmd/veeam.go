// Package veeamcmd is `devicecode login veeam`. (The name keeps it apart
// from the SDK's package veeam, whose client it builds.)
package veeamcmd

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
)

// PasswordEnv keeps the VB365 password off the command line.
const PasswordEnv = "DEVICECODE_VEEAM_PASSWORD" //nolint:gosec // G101: the variable's name, not its value

// password is where the VB365 password comes from.
var password = shared.SecretFile{Flag: "--password-file", Env: PasswordEnv, What: "the VB365 password", Trim: shared.TrimNewline}

// Options are the flags of `devicecode login veeam`.
type Options struct {
	shared.Options
	baseURL, username, passwordFile string
	password                        string
	passwordFromEnv                 bool
	newOrg                          bool
	region                          *cmdutil.Choice
	orgID, restoreSession           string
	apiVersion                      *cmdutil.Choice
	caFile                          string
	caPEM                           []byte
	createApps                      int
	displayName                     string
}

// NewCmd is `devicecode login veeam`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{apiVersion: cmdutil.NewChoice("", "v6", "v7", "v8")}
	c := &cobra.Command{
		Use:   "veeam",
		Short: "Sign in to Microsoft 365 through Veeam Backup for Microsoft 365",
		Long: `Signs in to a Veeam Backup for Microsoft 365 server with --username and the
password from $` + PasswordEnv + ` or --password-file, asks it for a
Microsoft 365 device code for a new organization, an existing one or a restore
session, shows the code, and waits until VB365 reports the sign-in done. The
authenticated user code is printed for the call that spends it; with
--organization, --create-apps N --display-name NAME spends it here, creating
the organization's Azure applications.

The API version is probed (the newest of v8, v7, v6 the server answers) unless
--api-version says. A self-signed server certificate needs --ca-file; there is
no way to skip verification. Plain http is accepted for loopback hosts only.

--output json prints user_code, authenticated, api_version and, when created,
applications [{application_id, display_name}].`,
		Example: `  DEVICECODE_VEEAM_PASSWORD=… devicecode login veeam \
      --base-url https://vb365.example.com:4443 --username 'CONTOSO\admin' \
      --new-organization --region worldwide
  devicecode login veeam --base-url https://vb365:4443 --username admin \
      --password-file pw.txt --organization "$ORG_ID" \
      --create-apps 2 --display-name "VB365 backup" --ca-file vb365.pem \
      --output json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(); err != nil {
				return err
			}
			return shared.Run(cmd.Context(), f, &o.Options, o.client, o.complete, o.write)
		},
	}
	o.flags(c)
	return c
}

func (o *Options) flags(c *cobra.Command) {
	fs := c.Flags()
	fs.StringVar(&o.baseURL, "base-url", "", "`URL` of the VB365 server, e.g. https://vb365.example.com:4443 (required)")
	fs.StringVar(&o.username, "username", "", "VB365 account `USER` (required)")
	password.AddFlag(c, &o.passwordFile)
	fs.BoolVar(&o.newOrg, "new-organization", false, "sign in to add a new Microsoft 365 organization")
	o.region = shared.AddRegionFlag(c, "the new organization", "--new-organization")
	fs.StringVar(&o.orgID, "organization", "", "sign in to the existing organization `ID`")
	fs.StringVar(&o.restoreSession, "restore-session", "", "sign in for the restore session `ID`")
	fs.Var(o.apiVersion, "api-version", "REST API version (default: the newest the server answers)")
	shared.AddCAFileFlag(c, &o.caFile)
	shared.AddCreateAppsFlag(c, &o.createApps, "--organization and --display-name")
	fs.StringVar(&o.displayName, "display-name", "", "display `NAME` of the applications (with --create-apps)")
	_ = c.RegisterFlagCompletionFunc("api-version", o.apiVersion.Complete)
	o.AddFlags(c, "text (a summary) or json", "Microsoft's device-login hosts")
}
