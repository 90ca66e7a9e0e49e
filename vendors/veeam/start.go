package veeam

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/devicecode/devicecode"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Region is the Microsoft 365 region of an organization.
type Region string

// The regions VB365 knows (RESTCommonDeviceCodeRequestOptions.targetRegion),
// named as package cohesity names the same Microsoft clouds; the values are
// VB365's own words.
const (
	RegionWorldwide Region = "Worldwide"
	RegionGermany   Region = "Germany"
	RegionChina     Region = "China"
	RegionUSDoD     Region = "USDefence"
	RegionUSGCCHigh Region = "USGovernment"
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

// Target is what a device code is for (Config.Target); build one with
// NewOrganization, ExistingOrganization, RestoreSession or
// AzureServiceAccount. The zero Target is none.
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

// String names the target as it was built, e.g.
// ExistingOrganization(5e2a7d8c-…) or, for the zero Target, none. Nothing
// in a Target is secret.
func (t Target) String() string {
	switch t.kind {
	case kindNew:
		s := "NewOrganization(" + safetext.Show(string(t.region)) + ")"
		if t.graphOrg != "" {
			s += ".WithGraphAppOrganization(" + safetext.Show(t.graphOrg) + ")"
		}
		return s
	case kindExisting:
		return "ExistingOrganization(" + safetext.Show(t.id) + ")"
	case kindRestore:
		return "RestoreSession(" + safetext.Show(t.id) + ")"
	case kindAzure:
		return "AzureServiceAccount(" + safetext.Show(string(t.env)) + ", " + safetext.Show(t.tenant) + ")"
	}
	return "none"
}

// MarshalJSON writes String: the fields are unexported, so encoding/json
// would write {} (in a logged Config too). A Target is not a storage
// format; there is no UnmarshalJSON.
func (t Target) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// Start asks the server for a device code for Config.Target and returns
// the flow that waits for the user's sign-in; a Config without a Target
// is a *ConfigError here, before any request. The answer has no device
// code (VB365 keeps it and polls Microsoft itself); it is validated
// against Veeam's schema and the safety rules of package normalize, with
// Microsoft's device-login hosts as the allowed verification hosts, and
// its expiry is dated from when the request was sent.
//
// The flow asks the server (POST /vN/DeviceCode/check) whether the user
// signed in, on the engine's schedule (5 s, as VB365 sends no interval;
// backoff and Retry-After on 429/5xx). Its Wait ends with the Outcome once
// the server answers {"authenticated": true}: no token (VB365 keeps
// Microsoft's), but the approved UserCode, which AddOrganization or
// CreateApplications spend. It ends with the server's *Error when the
// check is refused (a declined sign-in is a 400), with
// devicecode.ErrExpiredToken when the code expires, or when ctx ends.
// Show the prompt right away: the first check goes out one interval later.
func (c *Client) Start(ctx context.Context) (*devicecode.Flow, error) {
	if c.start == nil {
		return nil, &ConfigError{Field: "Target",
			Reason: "missing: Start needs NewOrganization, ExistingOrganization, RestoreSession or AzureServiceAccount"}
	}
	dc, err := c.request(ctx)
	if err != nil {
		return nil, err
	}
	return devicecode.NewFlow(dc, c.poll(*dc), c.pollOptions()...)
}

// request sends the target's device-code request and decodes the answer.
func (c *Client) request(ctx context.Context) (*normalize.DeviceCode, error) {
	clock := c.s.Clock
	sent := clock.Now()
	resp, body, err := c.call(ctx, c.start) //nolint:bodyclose // c.call has read and closed the body
	if err != nil {
		return nil, fail(vendorkit.OpDevice, c.mask.Err(err))
	}
	received := clock.Now()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fail(vendorkit.OpDevice, readError(resp, body, received, c.mask))
	}
	// An error body with 200 is the server's refusal, not a malformed
	// device code: the caller gets its message, as from the other calls.
	if err := errorIn2xx(resp, body, received, c.mask); err != nil {
		return nil, fail(vendorkit.OpDevice, err)
	}
	// The raw body, not the generated type: normalize names each wrong
	// field, where a typed decode would stop at the first.
	dc, err := normalize.Decode(normalize.Veeam, body,
		normalize.WithIssuedAt(received), normalize.WithLatency(received.Sub(sent)),
		normalize.WithVerificationHosts(vendorkit.MicrosoftVerificationHosts...),
		normalize.WithVerificationHosts(c.s.VerificationHosts...))
	if err != nil {
		return nil, fail(vendorkit.OpDevice, c.mask.Err(err))
	}
	return dc, nil
}

// send maps the target onto its generated operation; New builds it once,
// so that an ID that is not a UUID is a *ConfigError there.
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
				return nil, fmt.Errorf("graph application organization %w", err)
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
