// Package microsoft signs a user in to Microsoft Entra ID (Azure AD) with
// the OAuth 2.0 Device Authorization Grant (RFC 8628) on the v2.0
// endpoints, in the public cloud or a sovereign one.
//
// A [Client] is a devicecode.Client: [Client.Start] asks for a device
// code for Config.Scopes, normalized and schema-checked, and returns the
// flow; the caller shows its Prompt (Entra sends no complete URI, and a
// localized message); the flow's Wait polls with the RFC 8628 schedule of
// package devicecode and yields the token ([Client.Resume] continues a
// saved flow in any process). Outcomes are matched with errors.Is against
// the devicecode sentinels.
//
// Entra quirks absorbed here:
//   - authorization_declined means access_denied and bad_verification_code
//     an unknown device code (client.go).
//   - Error bodies add numeric AADSTS error_codes, trace_id and
//     correlation_id. The engine keeps them raw in *devicecode.OAuthError
//     Extra; this package wraps the engine's error in *Error, with
//     ErrorCodes, TraceID and CorrelationID decoded (hints.go).
//   - AADSTS7000218 means the app registration does not allow public
//     client flows; the error says so (hints.go).
//   - slow_down is not documented but is honoured, and polling faster than
//     the interval gets clients blocked (AADSTS50196), which the engine's
//     schedule rules out.
package microsoft
