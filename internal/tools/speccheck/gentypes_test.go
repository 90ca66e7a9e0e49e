package speccheck_test

// This file fails to COMPILE when a regeneration renames, retypes or drops a
// model, a client method or a typed response field that the hand-written
// vendor packages rely on. oapi-codegen derives every Go name from the
// spec (schema names, operationIds), so an innocent-looking spec edit can
// rename half a package; this file turns that into a build error here,
// next to the spec, instead of in a consumer.
//
// Each operation is pinned three ways: the client method by its full
// signature (which pins the request model, because the generated
// *RequestBody names are aliases of it), the response wrapper type, and the
// type of its typed success and error fields.

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/devicecode/devicecode/gen/cohesity"
	"github.com/devicecode/devicecode/gen/gitlab"
	"github.com/devicecode/devicecode/gen/microsoft"
	"github.com/devicecode/devicecode/gen/veeam"
)

// Required models, by name: the issue lists these explicitly.
var (
	_ veeam.RESTDeviceCodeResponse
	_ veeam.RESTDeviceCodeInfo
	_ cohesity.GenerateM365DeviceCodeResponseParams
	_ gitlab.DeviceAuthorizationResponse
)

// GitLab: POST /oauth/authorize_device, POST /oauth/token (form bodies).
var (
	_ func(*gitlab.ClientWithResponses, context.Context, gitlab.DeviceAuthorizationRequest, ...gitlab.RequestEditorFn) (*gitlab.AuthorizeDeviceResponse, error) = (*gitlab.ClientWithResponses).AuthorizeDeviceWithFormdataBodyWithResponse
	_ func(*gitlab.ClientWithResponses, context.Context, gitlab.TokenRequest, ...gitlab.RequestEditorFn) (*gitlab.ExchangeDeviceCodeResponse, error)            = (*gitlab.ClientWithResponses).ExchangeDeviceCodeWithFormdataBodyWithResponse

	_ = func(r gitlab.AuthorizeDeviceResponse) (*gitlab.DeviceAuthorizationResponse, *gitlab.OAuthError, *gitlab.OAuthError) {
		return r.JSON200, r.JSON400, r.JSON401
	}
	_ = func(r gitlab.ExchangeDeviceCodeResponse) (*gitlab.TokenResponse, *gitlab.OAuthError, *gitlab.OAuthError) {
		return r.JSON200, r.JSON400, r.JSON401
	}
	_ gitlab.TokenRequestGrantType = gitlab.UrnIetfParamsOauthGrantTypeDeviceCode
)

// Cohesity: the three Source operations, 201 on success, default Error.
var (
	_ func(*cohesity.ClientWithResponses, context.Context, *cohesity.GenerateM365DeviceCodeParams, cohesity.GenerateM365DeviceCodeRequestParams, ...cohesity.RequestEditorFn) (*cohesity.GenerateM365DeviceCodeResponse, error)                      = (*cohesity.ClientWithResponses).GenerateM365DeviceCodeWithResponse
	_ func(*cohesity.ClientWithResponses, context.Context, *cohesity.GenerateM365DeviceAccessTokenParams, cohesity.GenerateM365DeviceAccessTokenRequestParams, ...cohesity.RequestEditorFn) (*cohesity.GenerateM365DeviceAccessTokenResponse, error) = (*cohesity.ClientWithResponses).GenerateM365DeviceAccessTokenWithResponse
	_ func(*cohesity.ClientWithResponses, context.Context, *cohesity.CreateAzureApplicationsParams, cohesity.CreateAzureApplicationRequestParams, ...cohesity.RequestEditorFn) (*cohesity.CreateAzureApplicationsResponse, error)                    = (*cohesity.ClientWithResponses).CreateAzureApplicationsWithResponse

	_ = func(r cohesity.GenerateM365DeviceCodeResponse) (*cohesity.GenerateM365DeviceCodeResponseParams, *cohesity.Error) {
		return r.JSON201, r.JSONDefault
	}
	_ = func(r cohesity.GenerateM365DeviceAccessTokenResponse) (*cohesity.GenerateM365DeviceAccessTokenResponseParams, *cohesity.Error) {
		return r.JSON201, r.JSONDefault
	}
	_ = func(r cohesity.CreateAzureApplicationsResponse) (*cohesity.CreateAzureApplicationResponseParams, *cohesity.Error) {
		return r.JSON201, r.JSONDefault
	}
	_ = func(r cohesity.CreateAzureApplicationResponseParams) *[]cohesity.M365AppCredentials {
		return r.Microsoft365AppCredentialsList
	}
	_ = cohesity.CreateAzureApplicationRequestParamsMicrosoft365RegionDefault
)

// Microsoft: v2.0 devicecode and token, plus the legacy v1 devicecode.
var (
	_ func(*microsoft.ClientWithResponses, context.Context, string, *microsoft.RequestDeviceCodeParams, microsoft.DeviceCodeRequest, ...microsoft.RequestEditorFn) (*microsoft.RequestDeviceCodeResponse, error)       = (*microsoft.ClientWithResponses).RequestDeviceCodeWithFormdataBodyWithResponse
	_ func(*microsoft.ClientWithResponses, context.Context, string, microsoft.TokenRequest, ...microsoft.RequestEditorFn) (*microsoft.RequestTokenResponse, error)                                                     = (*microsoft.ClientWithResponses).RequestTokenWithFormdataBodyWithResponse
	_ func(*microsoft.ClientWithResponses, context.Context, string, *microsoft.RequestDeviceCodeV1Params, microsoft.DeviceCodeRequestV1, ...microsoft.RequestEditorFn) (*microsoft.RequestDeviceCodeV1Response, error) = (*microsoft.ClientWithResponses).RequestDeviceCodeV1WithFormdataBodyWithResponse

	_ = func(r microsoft.RequestDeviceCodeResponse) (*microsoft.DeviceCodeResponse, *microsoft.ErrorResponse) {
		return r.JSON200, r.JSON400
	}
	_ = func(r microsoft.RequestTokenResponse) (*microsoft.TokenResponse, *microsoft.ErrorResponse) {
		return r.JSON200, r.JSON400
	}
	_ = func(r microsoft.RequestDeviceCodeV1Response) (*microsoft.DeviceCodeResponseV1, *microsoft.ErrorResponse) {
		return r.JSON200, r.JSON400
	}
	_ microsoft.TokenRequestGrantType = microsoft.TokenRequestGrantTypeDeviceCode
)

// Veeam: the eight operations of specs/veeam/operations.txt.
var (
	_ func(*veeam.ClientWithResponses, context.Context, veeam.TokenFormdataRequestBody, ...veeam.RequestEditorFn) (*veeam.TokenResponse, error)                                                  = (*veeam.ClientWithResponses).TokenWithFormdataBodyWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, veeam.RESTCommonDeviceCodeRequestOptions, ...veeam.RequestEditorFn) (*veeam.OrganizationOrganizationDeviceCodeResponse, error)           = (*veeam.ClientWithResponses).OrganizationOrganizationDeviceCodeWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, openapi_types.UUID, ...veeam.RequestEditorFn) (*veeam.OrganizationBackupApplicationsOrganizationDeviceCodeResponse, error)               = (*veeam.ClientWithResponses).OrganizationBackupApplicationsOrganizationDeviceCodeWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, openapi_types.UUID, veeam.RESTDeviceCodeRequestOptions, ...veeam.RequestEditorFn) (*veeam.RestoreSessionDeviceCodeActionResponse, error) = (*veeam.ClientWithResponses).RestoreSessionDeviceCodeActionWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, veeam.RESTDeviceCodeInfoRequest, ...veeam.RequestEditorFn) (*veeam.AzureServiceAccountsGetDeviceCodeResponse, error)                     = (*veeam.ClientWithResponses).AzureServiceAccountsGetDeviceCodeWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, veeam.RESTCheckDeviceCode, ...veeam.RequestEditorFn) (*veeam.OrganizationCheckDeviceCodeResponse, error)                                 = (*veeam.ClientWithResponses).OrganizationCheckDeviceCodeWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, veeam.RestOrganizationComposed, ...veeam.RequestEditorFn) (*veeam.OrganizationAddResponse, error)                                        = (*veeam.ClientWithResponses).OrganizationAddWithResponse
	_ func(*veeam.ClientWithResponses, context.Context, openapi_types.UUID, veeam.RESTApplicationFromClient, ...veeam.RequestEditorFn) (*veeam.ApplicationCreateApplicationResponse, error)      = (*veeam.ClientWithResponses).ApplicationCreateApplicationWithResponse

	_ = func(r veeam.TokenResponse) (*veeam.OAuthTokenResponse, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
	_ = func(r veeam.OrganizationOrganizationDeviceCodeResponse) (*veeam.RESTDeviceCodeResponse, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
	_ = func(r veeam.OrganizationBackupApplicationsOrganizationDeviceCodeResponse) (*veeam.RESTDeviceCodeResponse, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
	_ = func(r veeam.RestoreSessionDeviceCodeActionResponse) (*veeam.RESTDeviceCodeResponse, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
	_ = func(r veeam.AzureServiceAccountsGetDeviceCodeResponse) (*veeam.RESTDeviceCodeInfo, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
	_ = func(r veeam.OrganizationCheckDeviceCodeResponse) (*veeam.RESTDeviceCodeCheckResponse, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
	// Cut from v8, which answers 201 (v6/v7: 200, decoded by vendors/veeam).
	_ = func(r veeam.OrganizationAddResponse) (*veeam.RestOrganizationComposed, *veeam.RESTExceptionInfo) {
		return r.JSON201, r.JSONDefault
	}
	_ = func(r veeam.ApplicationCreateApplicationResponse) (*veeam.PageOfRESTApplication, *veeam.RESTExceptionInfo) {
		return r.JSON200, r.JSONDefault
	}
)

// Every generated package also serves: the strict server interfaces exist.
var (
	_ gitlab.StrictServerInterface
	_ cohesity.StrictServerInterface
	_ microsoft.StrictServerInterface
	_ veeam.StrictServerInterface
)
