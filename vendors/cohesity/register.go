package cohesity

import (
	"context"
	"errors"

	"github.com/devicecode/devicecode"
	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
)

// opRegister names the source registration in errors.
const opRegister = "registering the Microsoft 365 source"

// environmentO365 is Cohesity's environment of a Microsoft 365 source.
const environmentO365 = "kO365"

// Registration is a Microsoft 365 source to register (environment kO365).
type Registration struct {
	Name string // optional
	// Username is the Microsoft 365 administrator account; Password its
	// password, which may stay empty when only the applications are used.
	// Password is a devicecode.Secret: fmt, slog and JSON show a
	// Registration without it (and the Apps without theirs).
	Username string
	Password devicecode.Secret
	// Endpoint is the tenant's endpoint, e.g. its domain.
	Endpoint string
	// Apps are the credentials from CreateAzureApplications.
	Apps   []AppCredentials
	Region Region // "" sends none
	// UseOAuthForExchangeOnline reaches Exchange Online with the
	// applications rather than basic authentication.
	UseOAuthForExchangeOnline bool
}

// Source is the registration as the cluster created it.
type Source struct {
	ID, SourceID      int64
	Name, Environment string
}

// RegisterSource registers a Microsoft 365 source with the applications'
// credentials (POST /v2/data-protect/sources/registrations).
func (c *Client) RegisterSource(ctx context.Context, r Registration) (*Source, error) {
	if r.Username == "" || r.Endpoint == "" {
		return nil, fail(opRegister, errors.New("the registration needs a Username and an Endpoint"))
	}
	s, err := c.register(ctx, r)
	if err != nil {
		return nil, fail(opRegister, c.mask.Err(err))
	}
	return s, nil
}

func (c *Client) register(ctx context.Context, r Registration) (*Source, error) {
	auth, err := c.editor(ctx)
	if err != nil {
		return nil, err
	}
	password := string(r.Password)
	params := cohesitygen.Office365SourceRegistrationParams{Username: &r.Username, Password: &password,
		Endpoint: &r.Endpoint, UseOAuthForExchangeOnline: &r.UseOAuthForExchangeOnline}
	if len(r.Apps) > 0 {
		list := wireCredentials(r.Apps)
		params.Office365AppCredentialsList = &list
	}
	if r.Region != "" {
		region := cohesitygen.Office365SourceRegistrationParamsOffice365Region(r.Region)
		params.Office365Region = &region
	}
	body := cohesitygen.SourceRegistrationRequestParams{Environment: environmentO365, Office365Params: &params}
	if r.Name != "" {
		body.Name = &r.Name
	}
	id, region := c.routing()
	resp, err := c.api.RegisterProtectionSource(ctx, //nolint:bodyclose // c.decode closes it (vendorkit.ReadBody)
		&cohesitygen.RegisterProtectionSourceParams{AccessClusterId: id, RegionId: region}, body, auth)
	var out cohesitygen.SourceRegistrationResponseParams
	if err := c.decode(resp, err, &out); err != nil {
		return nil, err
	}
	s := &Source{Name: deref(out.Name), Environment: deref(out.Environment)}
	if out.Id != nil {
		s.ID = *out.Id
	}
	if out.SourceId != nil {
		s.SourceID = *out.SourceId
	}
	return s, nil
}
