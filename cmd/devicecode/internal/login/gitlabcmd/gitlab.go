// Package gitlabcmd is `devicecode login gitlab`. (The name keeps it apart
// from the SDK's package gitlab, whose client it builds.)
package gitlabcmd

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/cmd/devicecode/internal/login/shared"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// Options are the flags of `devicecode login gitlab`.
type Options struct {
	shared.OAuth
	BaseURL string
}

// NewCmd is `devicecode login gitlab`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{OAuth: shared.OAuth{Vendor: normalize.GitLab}}
	c := &cobra.Command{
		Use:   "gitlab",
		Short: "Sign in to GitLab (gitlab.com or self-managed, 17.3 or later)",
		Long: `Signs in to GitLab with the device authorization grant, which GitLab offers
from 17.3 on. --client-id is the application ID of an OAuth application on the
instance; a confidential application also needs its secret and --auth-style.`,
		Example: `  devicecode login gitlab --client-id ID --scope read_user
  devicecode login gitlab --base-url https://gitlab.example.com --client-id ID \
      --scope api --output json`,
	}
	c = shared.NewOAuthCmd(f, &o.OAuth, c, func() error { return nil }, o.client)
	c.Flags().StringVar(&o.BaseURL, "base-url", gitlab.DefaultBaseURL, "`URL` of the GitLab instance, with any relative URL root")
	return c
}

// client is GitLab's devicecode.Client for the flags.
func (o *Options) client(opts ...devicecode.Option) (devicecode.Client, error) {
	c, err := gitlab.New(gitlab.Config{BaseURL: o.BaseURL, ClientID: o.ClientID, Scopes: o.Scopes,
		ClientSecret: devicecode.Secret(o.ClientSecret), AuthStyle: o.AuthStyle()}, opts...)
	if err != nil {
		return nil, err
	}
	return c, nil
}
