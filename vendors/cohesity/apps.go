package cohesity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// opApps names the Azure application calls in errors.
const opApps = "creating Azure applications"

// Region is the Microsoft cloud of a tenant (Cohesity's
// microsoft365Region); "" sends none, which Cohesity reads as Default.
type Region string

// The regions Cohesity knows, named as package veeam names the same
// Microsoft clouds; the values are Cohesity's own words.
const (
	RegionWorldwide Region = "Default"
	RegionChina     Region = "China"
	RegionGermany   Region = "Germany"
	RegionUSDoD     Region = "UsDoD"
	RegionUSGCCHigh Region = "UsGccHigh"
)

// AppCredentials are one Azure application's client id and secret. The
// secret is a devicecode.Secret: fmt, slog and JSON show it redacted;
// string(a.ClientSecret) reads it.
type AppCredentials struct {
	ClientID     string
	ClientSecret devicecode.Secret
}

// CreateAzureApplications spends tok, the Token of a sign-in's Outcome,
// on creating count Azure applications in the tenant for username, the
// Microsoft 365 account the source is accessed with (POST
// azure-applications).
func (c *Client) CreateAzureApplications(ctx context.Context, tok *oauth2.Token, count int, username string, region Region) ([]AppCredentials, error) {
	return c.apps(ctx, http.MethodPost, tok, count, username, region, nil)
}

// CreateOrUpdateAzureApplications is the create-or-update variant (PUT):
// the applications in existing are kept rather than created again.
func (c *Client) CreateOrUpdateAzureApplications(ctx context.Context, tok *oauth2.Token, count int, username string, region Region, existing []AppCredentials) ([]AppCredentials, error) {
	return c.apps(ctx, http.MethodPut, tok, count, username, region, existing)
}

func (c *Client) apps(ctx context.Context, method string, tok *oauth2.Token, count int, username string, region Region, existing []AppCredentials) ([]AppCredentials, error) {
	body, err := appsRequest(tok, count, username, region, existing)
	if err != nil {
		return nil, fail(opApps, err)
	}
	creds, err := c.sendApps(ctx, method, body)
	if err != nil {
		return nil, fail(opApps, c.mask.Err(err))
	}
	return creds, nil
}

func appsRequest(tok *oauth2.Token, count int, username string, region Region, existing []AppCredentials) (cohesitygen.CreateAzureApplicationRequestParams, error) {
	var body cohesitygen.CreateAzureApplicationRequestParams
	switch {
	case tok == nil || tok.AccessToken == "":
		return body, errors.New("the access token (the sign-in's Outcome.Token) is missing")
	case count < 1 || count > math.MaxInt32:
		return body, fmt.Errorf("the application count %d is not between 1 and %d", count, math.MaxInt32)
	case username == "":
		return body, errors.New("the Microsoft 365 username is missing")
	}
	body = cohesitygen.CreateAzureApplicationRequestParams{AccessToken: &tok.AccessToken,
		AppCount: int32(count), Username: &username}
	if region != "" {
		r := cohesitygen.CreateAzureApplicationRequestParamsMicrosoft365Region(region)
		body.Microsoft365Region = &r
	}
	if len(existing) > 0 {
		list := wireCredentials(existing)
		body.ExistingMicrosoft365AppCredentialsList = &list
	}
	return body, nil
}

func (c *Client) sendApps(ctx context.Context, method string, body cohesitygen.CreateAzureApplicationRequestParams) ([]AppCredentials, error) {
	auth, err := c.editor(ctx)
	if err != nil {
		return nil, err
	}
	id, region := c.routing()
	var resp *http.Response
	if method == http.MethodPut {
		resp, err = c.api.CreateOrUpdateAzureApplications(ctx, //nolint:bodyclose // c.decode closes it (vendorkit.ReadBody)
			&cohesitygen.CreateOrUpdateAzureApplicationsParams{AccessClusterId: id, RegionId: region}, body, auth)
	} else {
		resp, err = c.api.CreateAzureApplications(ctx, //nolint:bodyclose // c.decode closes it (vendorkit.ReadBody)
			&cohesitygen.CreateAzureApplicationsParams{AccessClusterId: id, RegionId: region}, body, auth)
	}
	var out cohesitygen.CreateAzureApplicationResponseParams
	if err := c.decode(resp, err, &out); err != nil {
		return nil, err
	}
	return appCredentials(out.Microsoft365AppCredentialsList)
}

// appCredentials keeps the complete pairs; an answer without one is
// refused, since there is nothing to register a source with.
func appCredentials(list *[]cohesitygen.M365AppCredentials) ([]AppCredentials, error) {
	var out []AppCredentials
	if list != nil {
		for _, a := range *list {
			if id, secret := deref(a.ClientId), deref(a.ClientSecret); id != "" && secret != "" {
				out = append(out, AppCredentials{ClientID: id, ClientSecret: devicecode.Secret(secret)})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the answer (201) lists no application with a clientId and clientSecret", devicecode.ErrInvalidResponse)
	}
	return out, nil
}

func wireCredentials(creds []AppCredentials) []cohesitygen.M365AppCredentials {
	out := make([]cohesitygen.M365AppCredentials, len(creds))
	for i := range creds {
		secret := string(creds[i].ClientSecret)
		out[i] = cohesitygen.M365AppCredentials{ClientId: &creds[i].ClientID, ClientSecret: &secret}
	}
	return out
}
