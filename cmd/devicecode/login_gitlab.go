package main

import (
	"github.com/spf13/cobra"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

func newGitLabCmd(s stdio) *cobra.Command {
	a := &loginArgs{vendor: normalize.GitLab}
	a.client = a.gitlab
	c := &cobra.Command{
		Use:   "gitlab",
		Short: "Sign in to GitLab (gitlab.com or a self-managed instance, 17.3 or later)",
		Long: `Signs in to GitLab with the device authorization grant, which GitLab offers
from 17.3 on. --client-id is the application ID of an OAuth application on the
instance; a confidential application also needs its secret and --auth-style.`,
		Example: `  devicecode login gitlab --client-id ID --scope read_user
  devicecode login gitlab --base-url https://gitlab.example.com --client-id ID --scope api --output json`,
	}
	c = newVendorCmd(s, a, c, func() error { return nil })
	c.Flags().StringVar(&a.baseURL, "base-url", gitlab.DefaultBaseURL, "`URL` of the GitLab instance, with any relative URL root")
	return c
}

func (a *loginArgs) gitlab(observe observeFunc) (devicecode.Client, error) {
	return gitlab.New(gitlab.Config{BaseURL: a.baseURL, ClientID: a.clientID, Scopes: a.scopes,
		ClientSecret: devicecode.Secret(a.clientSecret), AuthStyle: a.authStyle()},
		devicecode.WithObserver(observe), devicecode.WithVerificationHosts(a.allowHosts...))
}
