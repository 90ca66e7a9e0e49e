package cohesity_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// TestRegisterEndToEnd runs the whole job: sign in through the contract
// (devicecode.SignIn; the user approves once prompted), create
// applications (POST, then the PUT variant keeping them) with the
// Outcome's token, register the source.
func TestRegisterEndToEnd(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{})
	ctx := context.Background()
	approve := devicecode.PrompterFunc(func(_ context.Context, p devicecode.Prompt) error { return fake.Approve(p.UserCode) })
	out, err := devicecode.SignIn(ctx, c, approve)
	if err != nil {
		t.Fatal(err)
	}
	tok := out.Token
	apps, err := c.CreateAzureApplications(ctx, tok, 2, "admin@"+domain, cohesity.RegionWorldwide)
	if err != nil || len(apps) != 2 {
		t.Fatalf("apps = %v, %v; want 2", apps, err)
	}
	more, err := c.CreateOrUpdateAzureApplications(ctx, tok, 1, "admin@"+domain, "", apps)
	if err != nil || len(more) != 3 || more[0] != apps[0] {
		t.Fatalf("PUT apps = %v, %v; want the 2 kept and 1 new", more, err)
	}
	reqs := fake.AppRequests()
	if len(reqs) != 2 || *reqs[0].Microsoft365Region != "Default" || reqs[1].Microsoft365Region != nil ||
		len(*reqs[1].ExistingMicrosoft365AppCredentialsList) != 2 {
		t.Errorf("app requests = %+v", reqs)
	}
	src, err := c.RegisterSource(ctx, cohesity.Registration{Username: "admin@" + domain, Endpoint: domain,
		Apps: more, UseOAuthForExchangeOnline: true})
	if err != nil || src.ID != 1 || src.Environment != "kO365" || src.Name != domain {
		t.Fatalf("source = %+v, %v", src, err)
	}
	got := fake.Registrations()[0]
	if got.Environment != "kO365" || len(*got.Office365Params.Office365AppCredentialsList) != 3 {
		t.Errorf("registration sent = %+v", got)
	}
}

func TestAppsRefused(t *testing.T) {
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{})
	_, tok, err := signIn(t, fake, c, true)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name     string
		tok      *oauth2.Token
		count    int
		username string
		want     string
	}{
		{"no token", nil, 1, "u", "cohesity: creating Azure applications: the access token (the sign-in's Outcome.Token) is missing"},
		{"zero count", tok, 0, "u", "cohesity: creating Azure applications: the application count 0 is not between 1 and 2147483647"},
		{"no username", tok, 1, "", "cohesity: creating Azure applications: the Microsoft 365 username is missing"},
		{"token the cluster does not know", &oauth2.Token{AccessToken: "forged"}, 1, "u",
			"cohesity: creating Azure applications: unexpected answer (HTTP 400 Bad Request, KInvalidRequest: the Microsoft 365 access token is not valid)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.CreateAzureApplications(ctx, tt.tok, tt.count, tt.username, "")
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
		})
	}
	var e *cohesity.Error
	_, err = c.CreateAzureApplications(ctx, &oauth2.Token{AccessToken: "forged"}, 1, "u", "")
	if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest {
		t.Errorf("errors.As *Error = %v", err)
	}
}
