package veeam_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// Adding a Microsoft 365 organization to VB365 with a device-code sign-in.
// A fake VB365 server stands in for https://vb365.example.com:4443.
func Example() {
	srv := devicetest.NewVeeam(devicetest.VeeamOptions{Password: "secret"})
	defer srv.Close()
	srv.ApproveAfter(0) // the user signs in at once

	c, err := veeam.New(veeam.Config{BaseURL: srv.URL, Username: "admin", Password: "secret"},
		veeam.WithPollOptions(devicecode.WithPollImmediately()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	dc, err := c.Start(ctx, veeam.NewOrganization(veeam.Worldwide))
	if err != nil {
		log.Fatal(err)
	}
	_ = devicecode.TextPrompter(os.Stderr).Prompt(ctx, devicecode.PromptFor(dc))
	userCode, err := c.Wait(ctx, dc)
	if err != nil {
		log.Fatal(err)
	}
	org, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{Region: veeam.Worldwide}, userCode)
	if err != nil {
		log.Fatal(err)
	}
	v, _ := c.APIVersion(ctx)
	fmt.Println(v, org.Name)
	// Output: v8 contoso.onmicrosoft.com
}

// Trusting a VB365 server's self-signed certificate with its PEM file.
func ExampleTLS() {
	pem, err := os.ReadFile("vb365.pem") // exported from the server
	if err != nil {
		fmt.Println("no CA file here")
		return
	}
	hc, err := veeam.TLS{CAPEM: pem}.HTTPClient()
	if err != nil {
		log.Fatal(err)
	}
	_, _ = veeam.New(veeam.Config{BaseURL: "https://vb365.example.com:4443", Username: "admin", Password: "…"},
		veeam.WithHTTPClient(hc))
	// Output: no CA file here
}
