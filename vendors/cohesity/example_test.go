package cohesity_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// Register a Microsoft 365 source: sign the administrator in through the
// cluster, create two Azure applications and register the source.
func Example() {
	ctx := context.Background()
	ca, err := os.ReadFile("cluster-ca.pem") // the cluster's self-signed certificate
	if err != nil {
		log.Fatal(err)
	}
	c, err := cohesity.New(cohesity.Config{BaseURL: "https://cluster.example.com",
		APIKey: os.Getenv("COHESITY_API_KEY"), CAPEM: ca})
	if err != nil {
		log.Fatal(err)
	}
	dc, err := c.Start(ctx, "contoso.onmicrosoft.com")
	if err != nil {
		log.Fatal(err) // errors.Is(err, cohesity.ErrUnauthorized) for a wrong API key
	}
	_ = devicecode.TextPrompter(os.Stderr).Prompt(ctx, devicecode.PromptFor(dc))
	tok, err := c.Wait(ctx, dc)
	switch {
	case errors.Is(err, devicecode.ErrExpiredToken):
		log.Fatal("the code expired; run the command again")
	case err != nil:
		log.Fatal(err)
	}
	apps, err := c.CreateAzureApplications(ctx, tok, 2, "admin@contoso.onmicrosoft.com", cohesity.RegionDefault)
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.RegisterSource(ctx, cohesity.Registration{Username: "admin@contoso.onmicrosoft.com",
		Endpoint: "contoso.onmicrosoft.com", Apps: apps, UseOAuthForExchangeOnline: true})
	if err != nil {
		log.Fatal(err)
	}
}

// Log in with a username and password (clusters only), and print the
// config without its secrets.
func ExampleNew() {
	cfg := cohesity.Config{BaseURL: "https://cluster.example.com/v2", Username: "admin", Password: "secret", Domain: "LOCAL"}
	c, err := cohesity.New(cfg)
	fmt.Println(c, err)
	fmt.Println(cfg)
	_, err = cohesity.New(cohesity.Config{BaseURL: "https://cluster.example.com", APIKey: "k", SessionID: "s"})
	fmt.Println(err)
	// Output:
	// cohesity.Client{BaseURL:https://cluster.example.com/v2 Auth:login} <nil>
	// cohesity.Config{BaseURL:https://cluster.example.com/v2 APIKey:"" Username:admin Password:[REDACTED] Domain:LOCAL SessionID:"" AccessClusterID:0 RegionID: CAPEM:0 bytes Pins:0}
	// cohesity: invalid config: APIKey set together with another credential: choose one of APIKey, Username/Password, SessionID
}

// Override the UNVERIFIED pending policy once Cohesity's codes are known.
func ExampleClassifier() {
	_, _ = cohesity.New(cohesity.Config{BaseURL: "https://cluster.example.com", APIKey: "k",
		Classify: func(e *cohesity.Error) error {
			switch e.ErrorCode {
			case "KAccessDenied": // hypothetical: what your cluster answers
				return devicecode.ErrAccessDenied
			}
			return cohesity.DefaultClassifier(e)
		}})
}
