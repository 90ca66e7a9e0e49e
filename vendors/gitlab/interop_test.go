package gitlab_test

import (
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/interop"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestInterop runs the package against zitadel's OP in GitLab's URL
// layout (vendortest.RunInterop).
func TestInterop(t *testing.T) {
	vendortest.RunInterop(t, vendortest.Interop{
		Vendor:    "gitlab",
		Server:    interop.Options{Layout: interop.LayoutGitLab},
		Scope:     "read_user",
		TokenPath: gitlab.TokenPath,
		New: func(t *testing.T, srv *interop.Server, app vendorkit.Credentials, hc *http.Client, scopes ...string) vendortest.TokenClient {
			c, err := gitlab.New(gitlab.Config{BaseURL: srv.BaseURL, ClientID: app.ClientID, Scopes: scopes,
				ClientSecret: devicecode.Secret(app.ClientSecret), AuthStyle: app.Style}, devicecode.WithHTTPClient(hc))
			if err != nil {
				t.Fatal(err)
			}
			return c
		},
		CheckToken: func(t *testing.T, tok *oauth2.Token) {
			if tok.AccessToken == "" || tok.TokenType == "" {
				t.Errorf("token = %+v", tok)
			}
		},
	})
}
