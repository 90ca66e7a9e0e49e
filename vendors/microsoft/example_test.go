package microsoft_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// Sign in to Microsoft Graph from a device without a browser, with a
// refresh token (offline_access) and an ID token (openid).
func Example() {
	ctx := context.Background()
	c, err := microsoft.New(microsoft.Config{
		Tenant:   microsoft.TenantOrganizations,
		ClientID: "00000000-0000-0000-0000-000000000000", // your app registration
		Scopes:   []string{"User.Read", "offline_access", "openid"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fl, err := c.Start(ctx)
	if err != nil {
		log.Fatal(err)
	}
	// The prompt carries Entra's own, localized instructions, sanitized.
	_ = devicecode.TextPrompter(os.Stderr).Prompt(ctx, fl.Prompt())
	out, err := fl.Wait(ctx)
	switch {
	case errors.Is(err, devicecode.ErrAccessDenied): // Entra's authorization_declined
		log.Fatal("you declined the sign-in")
	case err != nil:
		log.Fatal(err) // *devicecode.OAuthError keeps error_codes, trace_id, correlation_id
	}
	fmt.Println("id_token present:", out.Token.Extra("id_token") != nil)
	_ = c.TokenSource(ctx, out.Token) // refreshes with the refresh token
}

// A sovereign cloud: the US Government authority host.
func ExampleNew() {
	c, err := microsoft.New(microsoft.Config{
		Tenant:        "contoso.onmicrosoft.us",
		ClientID:      "00000000-0000-0000-0000-000000000000",
		AuthorityHost: microsoft.AuthorityUSGovernment,
	})
	fmt.Println(c, err)

	_, err = microsoft.New(microsoft.Config{Tenant: "contoso", ClientID: "x"})
	fmt.Println(err)
	// Output:
	// microsoft.Client{AuthorityHost:https://login.microsoftonline.us Tenant:contoso.onmicrosoft.us ClientID:00000000-0000-0000-0000-000000000000 AuthStyle:none} <nil>
	// microsoft: invalid config: Tenant must be common, organizations, consumers, a directory GUID or a domain
}

func ExampleEndpoint() {
	fmt.Println(microsoft.Endpoint(microsoft.AuthorityChina, "common").DeviceAuthURL)
	// Output: https://login.chinacloudapi.cn/common/oauth2/v2.0/devicecode
}
