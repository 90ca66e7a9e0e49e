// Package gitlab signs a user in to GitLab with the OAuth 2.0 Device
// Authorization Grant (RFC 8628), on gitlab.com or a self-managed instance
// (GitLab 17.3 or later; 17.2 behind a feature flag).
//
// A [Client] is a devicecode.Client: [Client.Start] asks for a device
// code for Config.Scopes, normalized and schema-checked, and returns the
// flow; the caller shows its Prompt; the flow's Wait polls the token
// endpoint with the RFC 8628 schedule of package devicecode until the user
// decides, and yields the token ([Client.Resume] continues a saved flow in
// any process). Outcomes are matched with errors.Is against the devicecode
// sentinels (ErrAccessDenied, ErrExpiredToken, ErrDeviceFlowUnsupported,
// …).
//
// GitLab quirks absorbed here:
//   - gitlab.com's discovery document names no device authorization
//     endpoint; the path /oauth/authorize_device is built in (endpoints.go).
//   - Instances before 17.3, or with the flow disabled, answer the device
//     request with 404 or unauthorized_client: reported as
//     devicecode.ErrDeviceFlowUnsupported with a hint (flow.go).
//   - Token answers carry a non-standard created_at (see Client.Start).
package gitlab
