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
	srv.ApproveAfterChecks(0) // the user signs in at once

	c, err := veeam.New(veeam.Config{BaseURL: srv.URL, Username: "admin", Password: "secret",
		Target: veeam.NewOrganization(veeam.RegionWorldwide)},
		devicecode.WithPollImmediately())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	f, err := c.Start(ctx)
	if err != nil {
		log.Fatal(err)
	}
	_ = devicecode.TextPrompter(os.Stderr).Prompt(ctx, f.Prompt())
	out, err := f.Wait(ctx) // devicecode.SignIn(ctx, c, prompter) does these three steps
	if err != nil {
		log.Fatal(err)
	}
	// VB365 holds the Microsoft token; the outcome is the approved code.
	org, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{Region: veeam.RegionWorldwide}, out.UserCode)
	if err != nil {
		log.Fatal(err)
	}
	v, _ := c.APIVersion(ctx)
	fmt.Println(v, org.Name)
	// Output: v8 contoso.onmicrosoft.com
}

// Trusting a VB365 server's self-signed certificate with its PEM file
// (or Pins, the certificate's SHA-256 fingerprint), as a Cohesity cluster's.
func ExampleConfig_tls() {
	pem, err := os.ReadFile("vb365.pem") // exported from the server
	if err != nil {
		fmt.Println("no CA file here")
		return
	}
	_, err = veeam.New(veeam.Config{BaseURL: "https://vb365.example.com:4443", Username: "admin", Password: "…",
		CAPEM: pem})
	if err != nil {
		log.Fatal(err)
	}
	// Output: no CA file here
}
