// Package veeam drives the device-code sign-in that Veeam Backup for
// Microsoft 365 (REST v6, v7 and v8) brokers for adding a Microsoft 365
// organization, creating its applications or restoring into it.
//
// A *Client is a devicecode.Client: devicecode.SignIn runs the whole
// sign-in, or Start returns the Flow to prompt with and then Wait on, or
// PollOnce when due and save as State. VB365 keeps the device code and
// the Microsoft token, and polls Microsoft itself: Start asks for a code
// for Config.Target, and the prompt has a user code and Microsoft's
// verification URI but no device code; the flow asks the server (POST
// /vN/DeviceCode/check) until the user signed in, and its Outcome has no
// token but the approved UserCode, which AddOrganization or
// CreateApplications spend. The check needs nothing of the target, so a
// saved State is finished by any client of the same server, one built
// without a Target included.
//
// The client signs in to the VB365 server with a user name and password
// (POST /vN/token, grant_type=password), sends the bearer token on every
// call, refreshes it before it expires (VB365 issues 60-minute tokens by
// default) and signs in again once when a call answers 401. The API version
// is Config.APIVersion or, left empty, the newest of v8, v7, v6 that the
// server answers (probed once).
//
// What VB365 does not document, and what this package assumes about it
// (each a Config field away from the other choice):
//   - DeviceCode/check after the code expired may answer
//     {"authenticated": false} or an error; both end in
//     devicecode.ErrExpiredToken (Config.KeepCheckErrors keeps the error).
//   - DeviceCode/check before the sign-in answers {"authenticated": false};
//     a 400 then ends the flow (Config.PendingCheckErrors makes it pending).
//   - v7 and v8 want an antiforgery token unless the token request says
//     disable_antiforgery_token=true, which this client sends to v7+
//     (Config.Antiforgery).
//   - the token answer's .issued and .expires are never read, so neither
//     their RFC 1123 form nor any other fails a sign-in.
//   - a failed password or refresh grant may be OWIN's {"error", …} or
//     RESTExceptionInfo {"message", "errorCode"}: *Error carries both.
package veeam
