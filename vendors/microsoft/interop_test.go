package microsoft_test

import (
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/interop"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// interopTenant puts a domain tenant in the path, as a real directory would.
const interopTenant = "contoso.onmicrosoft.com"

// TestInterop runs the package against zitadel's OP in Entra ID's URL
// layout (vendortest.RunInterop).
func TestInterop(t *testing.T) {
	vendortest.RunInterop(t, vendortest.Interop{
		Vendor:    "microsoft",
		Server:    interop.Options{Layout: interop.LayoutMicrosoft, Tenant: interopTenant},
		Scope:     "User.Read",
		TokenPath: "/oauth2/v2.0/token",
		New: func(t *testing.T, srv *interop.Server, app vendorkit.Credentials, hc *http.Client, scopes ...string) vendortest.TokenClient {
			c, err := microsoft.New(microsoft.Config{AuthorityHost: srv.BaseURL, Tenant: interopTenant, ClientID: app.ClientID, Scopes: scopes,
				ClientSecret: devicecode.Secret(app.ClientSecret), AuthStyle: app.Style}, devicecode.WithHTTPClient(hc))
			if err != nil {
				t.Fatal(err)
			}
			return c
		},
		// Entra keeps the refresh token (offline_access) and the ID token
		// (openid); so must the package.
		CheckToken: func(t *testing.T, tok *oauth2.Token) {
			if tok.AccessToken == "" || tok.RefreshToken == "" || tok.Extra("id_token") == nil {
				t.Errorf("token = %+v, id_token %v", tok, tok.Extra("id_token"))
			}
		},
	})
}
