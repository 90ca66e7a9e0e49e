package main

import (
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode"
)

// veeamPasswordEnv keeps the VB365 password off the command line.
const veeamPasswordEnv = "DEVICECODE_VEEAM_PASSWORD" //nolint:gosec // G101: the variable's name, not its value

// veeamArgs are the flags of `devicecode login veeam`.
type veeamArgs struct {
	baseURL, username, passwordFile string
	password                        string
	passwordFromEnv                 bool
	newOrg                          bool
	region                          *choice
	orgID, restoreSession           string
	apiVersion, output              *choice
	caFile                          string
	createApps                      int
	displayName                     string
	allowHosts                      []string
	timeout                         time.Duration
	open                            bool
}

// veeamOptions are added to every client the command builds; tests put a
// fake clock here so that a five-second polling interval costs nothing.
var veeamOptions []devicecode.Option

func newVeeamCmd(s stdio) *cobra.Command {
	a := &veeamArgs{
		region:     newChoice("", "Worldwide", "Germany", "China", "USDefence", "USGovernment"),
		apiVersion: newChoice("", "v6", "v7", "v8"),
		output:     newChoice("text", "text", "json"),
	}
	c := &cobra.Command{
		Use:   "veeam",
		Short: "Sign in to Microsoft 365 through Veeam Backup for Microsoft 365 (REST v6, v7, v8)",
		Long: `Signs in to a Veeam Backup for Microsoft 365 server with --username and the
password from $` + veeamPasswordEnv + ` or --password-file, asks it for a
Microsoft 365 device code for a new organization, an existing one or a restore
session, shows the code, and waits until VB365 reports the sign-in done. The
authenticated user code is printed for the call that spends it; with
--organization, --create-apps N --display-name NAME spends it here, creating
the organization's Azure AD applications.

The API version is probed (the newest of v8, v7, v6 the server answers) unless
--api-version says. A self-signed server certificate needs --ca-file; there is
no way to skip verification. Plain http is accepted for loopback hosts only.

--output json prints user_code, authenticated, api_version and, when created,
applications [{application_id, display_name}].`,
		Example: `  DEVICECODE_VEEAM_PASSWORD=… devicecode login veeam --base-url https://vb365.example.com:4443 \
      --username 'CONTOSO\admin' --new-organization --region Worldwide
  devicecode login veeam --base-url https://vb365:4443 --username admin --password-file pw.txt \
      --organization 5e2a7d8c-3f4b-4c1a-9d2e-1b2c3d4e5f60 --create-apps 2 --display-name "VB365 backup" \
      --ca-file vb365.pem --output json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.readPassword(cmd); err != nil {
				return err
			}
			if err := a.check(); err != nil {
				return err
			}
			return runVeeam(cmd.Context(), a, s)
		},
	}
	a.flags(c)
	return c
}

func (a *veeamArgs) flags(c *cobra.Command) {
	fs := c.Flags()
	fs.StringVar(&a.baseURL, "base-url", "", "`URL` of the VB365 server, e.g. https://vb365.example.com:4443 (required)")
	fs.StringVar(&a.username, "username", "", "VB365 account `USER` (required)")
	fs.StringVar(&a.passwordFile, "password-file", "", "read the password from `FILE` (default: $"+veeamPasswordEnv+")")
	fs.BoolVar(&a.newOrg, "new-organization", false, "sign in to add a new Microsoft 365 organization")
	fs.Var(a.region, "region", "Microsoft 365 region of the new organization")
	fs.StringVar(&a.orgID, "organization", "", "sign in to the existing organization `ID`")
	fs.StringVar(&a.restoreSession, "restore-session", "", "sign in for the restore session `ID`")
	fs.Var(a.apiVersion, "api-version", "REST API version (default: the newest the server answers)")
	fs.StringVar(&a.caFile, "ca-file", "", "trust the server certificate(s) signed by the CA in `PEM` (for self-signed servers)")
	fs.IntVar(&a.createApps, "create-apps", 0, "with --organization: create `N` Azure AD applications with the authenticated code")
	fs.StringVar(&a.displayName, "display-name", "", "display `NAME` of the applications --create-apps creates")
	fs.VarP(a.output, "output", "o", "text (a summary) or json")
	fs.DurationVar(&a.timeout, "timeout", 0, "give up after `DURATION` (e.g. 2m); 0 waits until the code expires")
	fs.BoolVar(&a.open, "open", false, "open the verification page in the default browser")
	fs.StringArrayVar(&a.allowHosts, "allow-verification-host", nil,
		"also accept a verification URI on `HOST`, beyond Microsoft's device-login hosts (repeatable)")
	for name, ch := range map[string]*choice{"region": a.region, "api-version": a.apiVersion, "output": a.output} {
		_ = c.RegisterFlagCompletionFunc(name, ch.complete)
	}
}

// readPassword takes the password from --password-file, else from the
// environment; never from a flag value, which ps and shell history keep.
func (a *veeamArgs) readPassword(cmd *cobra.Command) error {
	if cmd.Flags().Changed("password-file") {
		b, err := os.ReadFile(a.passwordFile)
		if err != nil {
			return usagef("--password-file: %v", err)
		}
		a.password = strings.TrimRight(string(b), "\r\n")
		return nil
	}
	a.password = os.Getenv(veeamPasswordEnv)
	a.passwordFromEnv = a.password != ""
	return nil
}
