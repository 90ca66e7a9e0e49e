package veeam

import (
	"context"
	"fmt"
	"net/http"

	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/internal/jsonstrict"
)

// NewOrganizationOptions are the optional fields of an organization to add.
type NewOrganizationOptions struct {
	Region Region // empty: the server's default
	// NewApplicationName names the Azure AD application VB365 registers
	// for the organization; empty lets the server choose.
	NewApplicationName string
	// ConfigureApplication asks VB365 to grant the application its
	// permissions; nil leaves the server's default.
	ConfigureApplication *bool
}

// Organization is what the server answers for an added organization.
type Organization struct {
	ID   string
	Name string
}

// Application is one Azure AD application the server created.
type Application struct {
	ID          string `json:"application_id"`
	DisplayName string `json:"display_name"`
}

// AddOrganization adds the Microsoft 365 organization the user signed in
// to (type Office365), spending userCode, the Outcome.UserCode of a flow
// for NewOrganization: POST /vN/Organizations, which answers 200 in v6 and
// v7 and 201 in v8; both are accepted.
func (c *Client) AddOrganization(ctx context.Context, opts NewOrganizationOptions, userCode string) (*Organization, error) {
	typ := veeamgen.Office365
	body := veeamgen.RestOrganizationComposed{Type: &typ, UserCode: &userCode, ConfigureApplication: opts.ConfigureApplication}
	if opts.Region != "" {
		r := veeamgen.RestOrganizationRegion(opts.Region)
		body.Region = &r
	}
	if opts.NewApplicationName != "" {
		body.NewApplicationName = &opts.NewApplicationName
	}
	var got struct {
		ID   *string `json:"id"`
		Name *string `json:"name"`
	}
	err := c.consume(ctx, func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) {
		return api.OrganizationAdd(ctx, body, auth)
	}, &got)
	if err != nil {
		return nil, fail(opAddOrg, c.mask.Err(err))
	}
	return &Organization{ID: first(got.ID), Name: first(got.Name)}, nil
}

// CreateApplications creates count Azure AD applications named displayName
// in the organization orgID, spending userCode, the Outcome.UserCode of a
// flow for ExistingOrganization(orgID): POST
// /vN/Organizations/{id}/Applications.
func (c *Client) CreateApplications(ctx context.Context, orgID, displayName, userCode string, count int) ([]Application, error) {
	id, err := parseID(orgID)
	if err != nil {
		return nil, fail(opAddApps, step(opOrgInput, err))
	}
	if count < 1 || count > 1<<31-1 {
		return nil, fail(opAddApps, fmt.Errorf("count %d is not a positive number", count))
	}
	n := int32(count)
	body := veeamgen.RESTApplicationFromClient{DisplayName: &displayName, UserCode: &userCode, Count: &n}
	var page struct {
		Results []struct {
			ApplicationID *string `json:"applicationId"`
			DisplayName   *string `json:"displayName"`
		} `json:"results"`
	}
	err = c.consume(ctx, func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) {
		return api.ApplicationCreateApplication(ctx, id, body, auth)
	}, &page)
	if err != nil {
		return nil, fail(opAddApps, c.mask.Err(err))
	}
	apps := make([]Application, 0, len(page.Results))
	for _, r := range page.Results {
		apps = append(apps, Application{ID: first(r.ApplicationID), DisplayName: first(r.DisplayName)})
	}
	return apps, nil
}

// consume sends op and decodes a 200 or 201 answer into v, leniently: only
// the members v names are read (the whole organization object carries
// dates and settings this client does not need).
func (c *Client) consume(ctx context.Context, op send, v any) error {
	resp, body, err := c.call(ctx, op) //nolint:bodyclose // c.call has read and closed the body
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return readError(resp, body, c.s.Clock.Now(), c.mask)
	}
	if err := errorIn2xx(resp, body, c.s.Clock.Now(), c.mask); err != nil {
		return err
	}
	// Folded at every depth: results are a list of structs.
	return decodeAnswer(body, v, jsonstrict.FoldAll, "answer")
}
