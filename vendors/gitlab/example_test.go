package gitlab_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// Sign in to gitlab.com from a device without a browser.
func Example() {
	ctx := context.Background()
	c, err := gitlab.New(gitlab.Config{BaseURL: gitlab.DefaultBaseURL, ClientID: "your-application-id",
		Scopes: []string{"read_user"}})
	if err != nil {
		log.Fatal(err)
	}
	fl, err := c.Start(ctx)
	if err != nil {
		log.Fatal(err) // errors.Is(err, devicecode.ErrDeviceFlowUnsupported) on GitLab < 17.3
	}
	// Always show the user code, even next to a QR code of the complete URI.
	_ = devicecode.TextPrompter(os.Stderr).Prompt(ctx, fl.Prompt())
	out, err := fl.Wait(ctx)
	switch {
	case errors.Is(err, devicecode.ErrAccessDenied):
		log.Fatal("you declined the sign-in")
	case errors.Is(err, devicecode.ErrExpiredToken):
		log.Fatal("the code expired; run the command again")
	case err != nil:
		log.Fatal(err)
	}
	// Hand the token to an API client; it refreshes when it can.
	_ = c.TokenSource(ctx, out.Token)
}

// A self-managed instance under a relative URL root, with a confidential
// application that sends its secret with HTTP Basic.
func ExampleNew() {
	_, err := gitlab.New(gitlab.Config{
		BaseURL:      "http://gitlab.internal.example/gitlab",
		ClientID:     "your-application-id",
		ClientSecret: devicecode.Secret(os.Getenv("GITLAB_CLIENT_SECRET")),
		AuthStyle:    devicecode.AuthStyleInHeader,
	})
	fmt.Println(err)

	c, err := gitlab.New(gitlab.Config{
		BaseURL:      "https://gitlab.internal.example/gitlab",
		ClientID:     "your-application-id",
		ClientSecret: "a-secret",
		AuthStyle:    devicecode.AuthStyleInHeader,
	})
	fmt.Println(c, err)
	// Output:
	// gitlab: invalid config: BaseURL must use https (plain http only for loopback hosts)
	// gitlab.Client{BaseURL:https://gitlab.internal.example/gitlab ClientID:your-application-id AuthStyle:basic} <nil>
}

func ExampleEndpoint() {
	fmt.Println(gitlab.Endpoint("https://example.com/gitlab/").DeviceAuthURL)
	// Output: https://example.com/gitlab/oauth/authorize_device
}
