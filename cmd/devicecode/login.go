package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
)

// secretEnv keeps the client secret off the command line (and out of ps).
const secretEnv = "DEVICECODE_CLIENT_SECRET"

// loginArgs are the parsed flags of one `devicecode login VENDOR`.
type loginArgs struct {
	vendor                     normalize.Vendor
	baseURL, tenant, authority string
	clientID, clientSecret     string
	secretFromEnv              bool // the secret came from $DEVICECODE_CLIENT_SECRET
	style, output              *choice
	scopes                     scopeList
	allowHosts                 []string // --allow-verification-host
	timeout                    time.Duration
	open                       bool
	// client builds the vendor's client for these flags.
	client func(observeFunc) (devicecode.Client, error)
}

func newLoginCmd(s stdio) *cobra.Command {
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
$` + secretEnv + ` instead of the command line; the Cohesity API key and the
Veeam password come from the environment or a file only. Plain http URLs are
accepted for loopback hosts only.

Exit status: 0 signed in; 1 the flow failed (denied, expired, unsupported,
--timeout elapsed, …); 2 usage error; 130 interrupted (Ctrl-C).`,
		Annotations: map[string]string{nounKey: "vendor"},
	}
	login.AddCommand(newGitLabCmd(s), newMicrosoftCmd(s), newCohesityCmd(s), newVeeamCmd(s))
	return login
}

// newVendorCmd is the part of `login gitlab` and `login microsoft` that
// both share: the same flags under the same names, and the same run.
func newVendorCmd(s stdio, a *loginArgs, c *cobra.Command, check func() error) *cobra.Command {
	c.Args = noArgs
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		a.readSecretEnv(cmd.Flags())
		if err := a.check(check); err != nil {
			return err
		}
		return runLogin(cmd.Context(), a, s)
	}
	addCommonFlags(c, a)
	return c
}

func addCommonFlags(c *cobra.Command, a *loginArgs) {
	a.style = newChoice("", "form", "basic")
	a.output = newChoice("text", "text", "json")
	fs := c.Flags()
	fs.StringVar(&a.clientID, "client-id", "", "OAuth application (client) `ID` (required)")
	fs.StringVar(&a.clientSecret, "client-secret", "",
		"client `SECRET` of a confidential application; $"+secretEnv+" keeps it out of ps and shell history")
	fs.Var(a.style, "auth-style", "how a confidential application sends its secret (required with a secret)")
	fs.Var(&a.scopes, "scope", "`SCOPE` to request; repeatable, and one flag may hold several, space- or comma-separated")
	fs.VarP(a.output, "output", "o", "text (a summary without the token) or json (the token itself)")
	fs.DurationVar(&a.timeout, "timeout", 0, "give up after `DURATION` (e.g. 2m); 0 waits until the code expires")
	fs.BoolVar(&a.open, "open", false, "open the verification page in the default browser")
	fs.StringArrayVar(&a.allowHosts, "allow-verification-host", nil,
		"also accept a verification URI on `HOST`, beyond the vendor's own hosts (repeatable)")
	_ = c.RegisterFlagCompletionFunc("auth-style", a.style.complete)
	_ = c.RegisterFlagCompletionFunc("output", a.output.complete)
}

// readSecretEnv takes the secret from the environment unless the flag was
// given (even as --client-secret "", which turns the variable off).
func (a *loginArgs) readSecretEnv(fs *pflag.FlagSet) {
	if fs.Changed("client-secret") {
		return
	}
	a.clientSecret, a.secretFromEnv = os.LookupEnv(secretEnv)
	a.secretFromEnv = a.secretFromEnv && a.clientSecret != ""
}
