package veeam

import (
	"context"
	"fmt"
	"net/http"

	openapi_types "github.com/oapi-codegen/runtime/types"

	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Region is the Microsoft 365 region of an organization.
type Region string

// The regions VB365 knows (RESTCommonDeviceCodeRequestOptions.targetRegion).
const (
	Worldwide    Region = "Worldwide"
	Germany      Region = "Germany"
	China        Region = "China"
	USDefence    Region = "USDefence"
	USGovernment Region = "USGovernment"
)

// AzureEnvironment is the Azure cloud of a service account.
type AzureEnvironment string

// The Azure clouds VB365 knows (RESTDeviceCodeInfoRequest.azureEnvironment).
const (
	AzureGlobal     AzureEnvironment = "Global"
	AzureGermany    AzureEnvironment = "Germany"
	AzureChina      AzureEnvironment = "China"
	AzureGovernment AzureEnvironment = "Government"
)

// Target is what a device code is for; build one with NewOrganization,
// ExistingOrganization, RestoreSession or AzureServiceAccount.
type Target struct {
	kind     targetKind
	id       string // organization or restore session
	graphOrg string // v8 loginGraphAppOrganizationId
	region   Region
	env      AzureEnvironment
	tenant   string
}

type targetKind int

const (
	kindNew targetKind = iota + 1
	kindExisting
	kindRestore
	kindAzure
)

// NewOrganization signs in to add an organization of region (empty: the
// server's default, Worldwide): POST /vN/DeviceCode.
func NewOrganization(region Region) Target { return Target{kind: kindNew, region: region} }

// WithGraphAppOrganization signs a NewOrganization target in through the
// Microsoft Graph application of the organization already added as orgID
// (v8's loginGraphAppOrganizationId; older servers ignore the field).
func (t Target) WithGraphAppOrganization(orgID string) Target {
	t.graphOrg = orgID
	return t
}

// ExistingOrganization signs in to an organization already added, e.g. to
// create applications: POST /vN/Organizations/{id}/DeviceCode.
func ExistingOrganization(id string) Target { return Target{kind: kindExisting, id: id} }

// RestoreSession signs in for a restore session: POST
// /vN/RestoreSessions/{id}/organization/restoreDeviceCode.
func RestoreSession(id string) Target { return Target{kind: kindRestore, id: id} }

// AzureServiceAccount signs in to add an Azure service account: POST
// /vN/AzureServiceAccounts/DeviceCode. Its answer has the other shape
// (RESTDeviceCodeInfo: verificationUri, an absolute expiresOnUtc).
func AzureServiceAccount(env AzureEnvironment, tenantID string) Target {
	return Target{kind: kindAzure, env: env, tenant: tenantID}
}

// Start requests a device code for t. The answer has no device code (VB365
// keeps it); it is validated against Veeam's schema and the safety rules
// of package normalize, with Microsoft's device-login hosts as the allowed
// verification hosts, and its expiry is dated from when the request was
// sent.
func (c *Client) Start(ctx context.Context, t Target) (*normalize.DeviceCode, error) {
	op, err := t.send()
	if err != nil {
		return nil, fail(opDevice, err)
	}
	clock := c.s.Clock()
	sent := clock.Now()
	resp, body, err := c.call(ctx, op) //nolint:bodyclose // c.call has read and closed the body
	if err != nil {
		return nil, fail(opDevice, c.mask.Err(err))
	}
	received := clock.Now()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fail(opDevice, readError(resp, body, received, c.mask))
	}
	// An error body with 200 is the server's refusal, not a malformed
	// device code: the caller gets its message, as from the other calls.
	if err := errorIn2xx(resp, body, received, c.mask); err != nil {
		return nil, fail(opDevice, err)
	}
	// The raw body, not the generated type: normalize names each wrong
	// field, where a typed decode would stop at the first.
	dc, err := normalize.Decode(normalize.Veeam, body,
		normalize.WithIssuedAt(received), normalize.WithLatency(received.Sub(sent)),
		normalize.WithVerificationHosts(vendorkit.MicrosoftVerificationHosts...),
		normalize.WithVerificationHosts(c.s.VerificationHosts()...))
	if err != nil {
		return nil, fail(opDevice, c.mask.Err(err))
	}
	return dc, nil
}

// send maps the target onto its generated operation.
func (t Target) send() (send, error) {
	switch t.kind {
	case kindNew:
		body := veeamgen.RESTCommonDeviceCodeRequestOptions{}
		if t.region != "" {
			r := veeamgen.RESTCommonDeviceCodeRequestOptionsTargetRegion(t.region)
			body.TargetRegion = &r
		}
		if t.graphOrg != "" {
			id, err := parseID(t.graphOrg)
			if err != nil {
				return nil, err
			}
			body.LoginGraphAppOrganizationId = &id
		}
		return func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) {
			return api.OrganizationOrganizationDeviceCode(ctx, body, auth)
		}, nil
	case kindExisting, kindRestore:
		id, err := parseID(t.id)
		if err != nil {
			return nil, err
		}
		if t.kind == kindExisting {
			return func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) {
				return api.OrganizationBackupApplicationsOrganizationDeviceCode(ctx, id, auth)
			}, nil
		}
		return func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) {
			return api.RestoreSessionDeviceCodeAction(ctx, id, veeamgen.RESTDeviceCodeRequestOptions{}, auth)
		}, nil
	case kindAzure:
		body := veeamgen.RESTDeviceCodeInfoRequest{}
		if t.env != "" {
			e := veeamgen.AzureStorageEndpoint(t.env)
			body.AzureEnvironment = &e
		}
		if t.tenant != "" {
			body.AzureTenantId = &t.tenant
		}
		return func(ctx context.Context, api *veeamgen.Client, auth veeamgen.RequestEditorFn) (*http.Response, error) {
			return api.AzureServiceAccountsGetDeviceCode(ctx, body, auth)
		}, nil
	}
	return nil, fmt.Errorf("no target: use NewOrganization, ExistingOrganization, RestoreSession or AzureServiceAccount")
}

// parseID reads an organization or restore session ID, which VB365 types
// as a UUID.
func parseID(s string) (openapi_types.UUID, error) {
	var id openapi_types.UUID
	if err := id.UnmarshalText([]byte(s)); err != nil {
		return openapi_types.UUID{}, fmt.Errorf("ID %q is not a UUID", safetext.Show(s))
	}
	return id, nil
}
