package cohesity_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
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
		APIKey: devicecode.Secret(os.Getenv("COHESITY_API_KEY")), CAPEM: ca, Domain: "contoso.onmicrosoft.com"})
	if err != nil {
		log.Fatal(err)
	}
	fl, err := c.Start(ctx)
	if err != nil {
		log.Fatal(err) // errors.Is(err, devicecode.ErrUnauthorized) for a wrong API key
	}
	_ = devicecode.TextPrompter(os.Stderr).Prompt(ctx, fl.Prompt())
	out, err := fl.Wait(ctx)
	switch {
	case errors.Is(err, devicecode.ErrExpiredToken):
		log.Fatal("the code expired; run the command again")
	case err != nil:
		log.Fatal(err)
	}
	apps, err := c.CreateAzureApplications(ctx, out.Token, 2, "admin@contoso.onmicrosoft.com", cohesity.RegionWorldwide)
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.RegisterSource(ctx, cohesity.Registration{Username: "admin@contoso.onmicrosoft.com",
		Endpoint: "contoso.onmicrosoft.com", Apps: apps, UseOAuthForExchangeOnline: true})
	if err != nil {
		log.Fatal(err)
	}
}

// A backend onboarding tenants starts a sign-in in one request and stores
// the flow's State; a later request, in another process after a restart,
// finishes it with a Client that knows the cluster alone: the State
// carries the Microsoft 365 domain. The fake cluster and clock keep the
// example hermetic; a real backend has cohesity.New(cfg).
func ExampleClient_Resume() {
	clk := fakeclock.NewAuto(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	cluster := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Person: devicetest.ApproveAfter(12 * time.Second)})
	defer cluster.Close()
	ctx := context.Background()

	c, err := cohesity.New(cohesity.Config{BaseURL: cluster.URL, APIKey: devicetest.CohesityAPIKey,
		Domain: "contoso.onmicrosoft.com"}, devicecode.WithClock(clk))
	if err != nil {
		fmt.Println(err)
		return
	}
	fl, err := c.Start(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("open", fl.Prompt().VerificationURI) // and show the user code
	saved, err := json.Marshal(fl.State())           // holds the device code: store it as a secret
	if err != nil {
		fmt.Println(err)
		return
	}

	// Later, elsewhere.
	var st devicecode.State
	if err := json.Unmarshal(saved, &st); err != nil {
		fmt.Println(err)
		return
	}
	later, err := cohesity.New(cohesity.Config{BaseURL: cluster.URL, APIKey: devicetest.CohesityAPIKey}, devicecode.WithClock(clk))
	if err != nil {
		fmt.Println(err)
		return
	}
	fl, err = later.Resume(st)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := fl.Wait(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Origin.Tenant, "-", out)
	// Output:
	// open https://microsoft.com/devicelogin
	// contoso.onmicrosoft.com - cohesity: signed in, Bearer token valid until 2026-12-01T10:00:14Z
}

// Log in with a username and password (clusters only) for sign-ins to
// contoso.onmicrosoft.com, and print the config without its secrets.
func ExampleNew() {
	cfg := cohesity.Config{BaseURL: "https://cluster.example.com/v2", Username: "admin", Password: "secret", LoginDomain: "LOCAL",
		Domain: "contoso.onmicrosoft.com"}
	c, err := cohesity.New(cfg)
	fmt.Println(c, err)
	fmt.Println(cfg)
	_, err = cohesity.New(cohesity.Config{BaseURL: "https://cluster.example.com", APIKey: "k", SessionID: "s"})
	fmt.Println(err)
	// Output:
	// cohesity.Client{BaseURL:https://cluster.example.com/v2 Auth:login} <nil>
	// cohesity.Config{BaseURL:https://cluster.example.com/v2 APIKey:"" Username:admin Password:[REDACTED] LoginDomain:LOCAL SessionID:"" Domain:contoso.onmicrosoft.com AccessClusterID:0 RegionID: CAPEM:0 bytes Pins:0 DeclinedErrors:[]}
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
