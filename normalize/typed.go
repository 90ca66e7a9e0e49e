package normalize

import (
	"encoding/json"

	cohesitygen "github.com/devicecode/devicecode/gen/cohesity"
	gitlabgen "github.com/devicecode/devicecode/gen/gitlab"
	microsoftgen "github.com/devicecode/devicecode/gen/microsoft"
	veeamgen "github.com/devicecode/devicecode/gen/veeam"
)

// The typed adapters serve callers that hold a generated wire struct rather
// than the body. They re-encode the struct with its generated JSON tags —
// the wire contract itself — and take the same path as Decode, so the vendor
// schema, the quirk table and the safety rules cannot drift apart between
// the two entry points. A response is a few hundred bytes; the extra encode
// costs less than a second mapping to keep in step.

// FromGitLab normalizes a GitLab device authorization response.
func FromGitLab(r *gitlabgen.DeviceAuthorizationResponse, opts ...Option) (*DeviceCode, error) {
	return fromWire(&gitlabShape, r, r == nil, opts)
}

// FromMicrosoft normalizes an Entra ID v2.0 device authorization response.
func FromMicrosoft(r *microsoftgen.DeviceCodeResponse, opts ...Option) (*DeviceCode, error) {
	return fromWire(&microsoftShape, r, r == nil, opts)
}

// FromMicrosoftV1 normalizes a legacy Entra ID v1 response (verification_url,
// numbers as strings).
func FromMicrosoftV1(r *microsoftgen.DeviceCodeResponseV1, opts ...Option) (*DeviceCode, error) {
	return fromWire(&microsoftV1Shape, r, r == nil, opts)
}

// FromCohesity normalizes a Cohesity GenerateM365DeviceCode response.
func FromCohesity(r *cohesitygen.GenerateM365DeviceCodeResponseParams, opts ...Option) (*DeviceCode, error) {
	return fromWire(&cohesityShape, r, r == nil, opts)
}

// FromVeeam normalizes a Veeam VB365 POST /v6/DeviceCode response. The
// result has no DeviceCode: the VB365 server keeps it.
func FromVeeam(r *veeamgen.RESTDeviceCodeResponse, opts ...Option) (*DeviceCode, error) {
	return fromWire(&veeamShape, r, r == nil, opts)
}

// FromVeeamInfo normalizes a Veeam VB365 POST /v6/AzureServiceAccounts/
// DeviceCode response, whose expiry is absolute.
func FromVeeamInfo(r *veeamgen.RESTDeviceCodeInfo, opts ...Option) (*DeviceCode, error) {
	return fromWire(&veeamInfoShape, r, r == nil, opts)
}

// fromWire names the shape: the struct type says which it is, even when
// its distinguishing fields are empty.
func fromWire(sh *shape, r any, isNil bool, opts []Option) (*DeviceCode, error) {
	if isNil {
		return nil, refuse(sh.vendor, "no response")
	}
	body, err := json.Marshal(r)
	if err != nil {
		return nil, refuse(sh.vendor, "cannot encode the response")
	}
	return decodeBody(sh.vendor, body, sh, collect(opts))
}
