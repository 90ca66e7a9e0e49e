package shared

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// SecretEnv keeps the client secret off the command line (and out of ps).
const SecretEnv = "DEVICECODE_CLIENT_SECRET"

// OAuth are the flags of `login gitlab` and `login microsoft`, the vendors
// that hand the token to the CLI: Options, and the OAuth application with
// what it asks for.
type OAuth struct {
	Options
	Vendor       normalize.Vendor
	ClientID     string
	ClientSecret string
	Style        *cmdutil.Choice // --auth-style form|basic
	Scopes       ScopeList
	// secretFromEnv: the secret came from $DEVICECODE_CLIENT_SECRET.
	secretFromEnv bool
}

// NewOAuthCmd makes c `login gitlab` or `login microsoft`: the same flags
// under the same names, and the same run. check finds what the flag
// parser cannot in the vendor's own flags; client builds the vendor's
// client from o (ClientID, Scopes, ClientSecret, AuthStyle).
func NewOAuthCmd(f *cmdutil.Factory, o *OAuth, c *cobra.Command, check func() error,
	client func(opts ...devicecode.Option) (devicecode.Client, error)) *cobra.Command {
	c.Args = cmdutil.NoArgs
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		o.readSecretEnv(cmd.Flags())
		if err := o.check(check); err != nil {
			return err
		}
		return Run(cmd.Context(), f, &o.Options, func(opts ...devicecode.Option) (devicecode.Client, error) {
			c, err := client(opts...)
			if err != nil {
				return nil, o.configUsage(err)
			}
			return c, nil
		}, token, o.writeToken)
	}
	o.addFlags(c)
	return c
}

// token is what an OAuth vendor's sign-in yields: the token is all there
// is, with no completion step.
func token(_ context.Context, _ devicecode.Client, out *devicecode.Outcome) (*oauth2.Token, error) {
	return out.Token, nil
}

func (o *OAuth) addFlags(c *cobra.Command) {
	o.Style = cmdutil.NewChoice("", "form", "basic")
	fs := c.Flags()
	fs.StringVar(&o.ClientID, "client-id", "", "OAuth application (client) `ID` (required)")
	fs.StringVar(&o.ClientSecret, "client-secret", "",
		"client `SECRET` of a confidential application; $"+SecretEnv+" keeps it out of ps and shell history")
	cmdutil.ChoiceVar(c, o.Style, "auth-style", "", "how a confidential application sends its secret (required with a secret)")
	fs.Var(&o.Scopes, "scope", "`SCOPE` to request; repeatable, and one flag may hold several, space- or comma-separated")
	o.AddFlags(c, "text (a summary without the token) or json (the token itself)", "the vendor's own hosts")
}

// readSecretEnv takes the secret from the environment unless the flag was
// given (even as --client-secret "", which turns the variable off).
func (o *OAuth) readSecretEnv(fs *pflag.FlagSet) {
	if fs.Changed("client-secret") {
		return
	}
	o.ClientSecret, o.secretFromEnv = os.LookupEnv(SecretEnv)
	o.secretFromEnv = o.secretFromEnv && o.ClientSecret != ""
}

// check finds what the flag parser cannot, in the order a person fixes
// things: the application, then the vendor's own flags, then the secret.
// The vendor constructors check the same, but in terms of Go fields
// (ClientSecret, AuthStyleInParams); these messages name flags.
func (o *OAuth) check(vendor func() error) error {
	if o.ClientID == "" {
		return cmdutil.Usagef("--client-id is required")
	}
	if o.Timeout < 0 {
		return cmdutil.Usagef("--timeout must not be negative")
	}
	if err := vendor(); err != nil {
		return err
	}
	if err := CheckHosts(o.AllowHosts); err != nil {
		return err
	}
	switch {
	case o.ClientSecret != "" && o.Style.Value == "" && o.secretFromEnv:
		return cmdutil.Usagef("%s is set, so --auth-style form|basic is required", SecretEnv)
	case o.ClientSecret != "" && o.Style.Value == "":
		return cmdutil.Usagef("--client-secret needs --auth-style form|basic")
	case o.ClientSecret == "" && o.Style.Value != "":
		return cmdutil.Usagef("--auth-style needs a client secret: --client-secret or $%s", SecretEnv)
	}
	return nil
}

// AuthStyle is --auth-style for the vendor's Config.
func (o *OAuth) AuthStyle() devicecode.AuthStyle {
	switch o.Style.Value {
	case "form":
		return devicecode.AuthStyleInParams
	case "basic":
		return devicecode.AuthStyleInHeader
	}
	return devicecode.AuthStyleNone
}

// configFlags names the flag behind each Config field the vendor
// constructors report.
var configFlags = map[string]string{
	"BaseURL":       "--base-url",
	"ClientID":      "--client-id",
	"ClientSecret":  "--client-secret",
	"AuthStyle":     "--auth-style",
	"Tenant":        "--tenant",
	"AuthorityHost": "--authority-host",
	"Scopes":        "--scope",
}

// configUsage turns a vendor *ConfigError into a usage error naming the
// flag (or the variable the secret came from); other errors pass through.
func (o *OAuth) configUsage(err error) error {
	var ge *gitlab.ConfigError
	var me *microsoft.ConfigError
	var field, reason string
	switch {
	case errors.As(err, &ge):
		field, reason = ge.Field, ge.Reason
	case errors.As(err, &me):
		field, reason = me.Field, me.Reason
	default:
		return err
	}
	name, ok := configFlags[field]
	if !ok {
		return cmdutil.Usagef("%s", err) // a field this CLI does not know yet: the vendor's own words
	}
	if field == "ClientSecret" && o.secretFromEnv {
		name = "$" + SecretEnv
	}
	if strings.HasPrefix(reason, "missing") {
		reason = "is " + reason // "missing" reads as "--base-url is missing"
	}
	return cmdutil.Usagef("%s %s", name, reason)
}

// ScopeList collects repeated --scope flags; one flag may also hold
// several space- or comma-separated scopes, as OAuth writes them.
type ScopeList []string

func (s *ScopeList) String() string { return strings.Join(*s, " ") }

// Type names the value for pflag.
func (s *ScopeList) Type() string { return "scopes" }

// Set adds the scopes of v.
func (s *ScopeList) Set(v string) error {
	*s = append(*s, strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })...)
	return nil
}
