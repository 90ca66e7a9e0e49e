// Package cohesity signs a Microsoft 365 administrator in through a
// Cohesity cluster or Helios, which brokers Microsoft's device-code flow,
// and spends the resulting token on what it is for: creating the Azure
// applications that register a Microsoft 365 protection source.
//
// A Client satisfies devicecode.Client, so devicecode.SignIn runs a whole
// sign-in with it. [Client.Start] asks for a code for Config.Domain
// (GenerateM365DeviceCode, 201 on success); show the Flow's Prompt, and
// its Wait polls GenerateM365DeviceAccessToken on the RFC 8628 schedule of
// package devicecode until a 201 carries the access token, the Outcome's
// Token. A backend that keeps sign-ins across requests or restarts saves
// Flow.State and continues with [Client.Resume], in any process: the State
// carries the flow's domain, so the resuming Client needs only the cluster
// and its credentials. The completion steps are the Client's own methods
// and take that Token: [Client.CreateAzureApplications] (or its
// create-or-update variant) turns it into application credentials, and
// [Client.RegisterSource] registers the source with them.
//
// The cluster's own API is authenticated with exactly one of: an API key
// (the apiKey header; the only choice on Helios), a username, password and
// login domain (POST /v2/access-tokens once, then Authorization:
// <tokenType> <accessToken>), or a session id (the session-id header).
// Clusters commonly serve self-signed certificates: trust one with
// Config.CAPEM or Config.Pins, never by skipping verification.
//
// Cohesity quirks absorbed here:
//   - Success is 201, not 200; any other status is an *Error carrying
//     Cohesity's {errorCode, message, taskLogId} (error.go).
//   - What the token operation answers while the sign-in is pending is
//     UNVERIFIED: no public source shows it. [DefaultClassifier] is the
//     documented policy (a 4xx Error body is pending until the code
//     expires, 429/5xx are transient, 401/403 end the flow); pass
//     Config.Classify to override it (classify.go).
//   - The verification URI is Microsoft's, so the default host set is
//     Microsoft's device-login hosts (vendorkit.MicrosoftVerificationHosts).
package cohesity
