// Package login is `devicecode login`, which groups one command per
// vendor (login/gitlabcmd, login/microsoftcmd, login/cohesitycmd,
// login/veeamcmd); what they share is login/shared. Its tests run the
// vendors' commands end to end, as a person types them.
package login

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/cohesitycmd"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/gitlabcmd"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/microsoftcmd"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/veeamcmd"
)

// NewCmd is `devicecode login`, which groups the vendors' commands.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	login := &cobra.Command{
		Use:   "login",
		Short: "Sign in with the device flow (gitlab, microsoft, cohesity, veeam)",
		Long: `Starts an OAuth 2.0 device authorization (RFC 8628), shows the user code and
the verification URI on stderr (with a QR code and a countdown when stderr is
a terminal), and waits until the user approves in a browser elsewhere.
GitLab and Microsoft sign in directly and print the token; Cohesity and Veeam
broker Microsoft's sign-in and finish with their own step (Azure applications,
an organization added).

On success stdout gets a one-line summary without secrets, or with
--output json the result as JSON (for gitlab and microsoft the token itself):
treat that output as a secret. The client secret may come from
$` + shared.SecretEnv + ` instead of the command line; the Cohesity API
key and the Veeam password come from the environment or a file only. Plain
http URLs are accepted for loopback hosts only.

Exit status: 0 signed in; 1 the flow failed (denied, expired, unsupported,
--timeout elapsed, …); 2 usage error; 130 interrupted (Ctrl-C); 143
terminated.`,
		Annotations: map[string]string{cmdutil.NounKey: "vendor"},
	}
	login.AddCommand(gitlabcmd.NewCmd(f), microsoftcmd.NewCmd(f), cohesitycmd.NewCmd(f), veeamcmd.NewCmd(f))
	return login
}
