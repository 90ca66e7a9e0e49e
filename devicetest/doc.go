// Package devicetest runs faithful fakes of the vendors' device-code APIs
// in-process on loopback, for tests of devicecode itself and of the code
// integrators write on top of it. Each fake is built on the server
// interface generated from the vendor's contract in specs/, so it cannot
// drift from the paths, methods, status codes and bodies the vendor
// packages are written against; it runs on an injectable clock (package
// clock/fakeclock makes a 15-minute flow take milliseconds) and records
// every request, with its time on that clock, so that a test can assert
// the poll timeline.
//
//   - NewGitLab and NewMicrosoft are RFC 8628 servers with GitLab's and
//     Entra's wire formats. They serve under a BasePath if asked, check a
//     confidential client's secret (ClientSecret), rotate refresh tokens,
//     and record each request's form and Basic user. Intercept answers
//     what no faithful fake would (hostile bodies, vendor bugs).
//     They refuse what the vendors refuse: another client's device code
//     (invalid_grant), a grant other than the device URN or a refresh
//     (unsupported_grant_type), a poll sooner than the interval after the
//     last one (slow_down; NoSlowDown turns it off), a code whose token
//     was issued; where Entra documents no answer, Options.Undocumented
//     picks the fake's. They serve OpenID Connect discovery as the vendors do
//     (GitLab's /.well-known/openid-configuration, without a device
//     endpoint; Entra's per-tenant v2.0 document and the instance
//     discovery MSAL asks first), a JWKS, and with the openid scope an
//     id_token: an RS256 JWT with the vendor's claims, signed by a key
//     each Server makes when first needed.
//   - NewCohesity is a cluster's v2 API and NewVeeam a VB365 REST server
//     (v6, v7 or v8). Both require their real authentication (401 without
//     it) and have a knob for each behaviour their vendor leaves
//     undocumented, so that a test can run both possibilities.
//   - NewSandbox serves all four on one loopback address, under /gitlab,
//     /microsoft, /cohesity and /veeam, for `devicecode sandbox` and demos.
//
// All four are scripted the same way. Script (Options.Script,
// CohesityOptions.Script, VeeamOptions.Script) lists the answers to each
// flow's first polls — Pending, SlowDown, TooMany and Unavailable (with
// RetryAfter), Drop (a closed connection), PendingOK (the pending answer
// with HTTP 200), Slow (after SlowBy on the fake's clock) — and Decide,
// the fake's real answer, comes after it. Each fake words every Answer as
// its vendor would: an OAuth error for GitLab and Entra, Cohesity's Error
// body, VB365's {"authenticated": false} or RESTExceptionInfo; where a
// vendor has no such answer (Cohesity and VB365 have no slow_down) the
// fake sends what that vendor sends instead, as its options say. The
// interval can be omitted (OmitInterval; VB365 never sends one) and the
// lifetime shortened, so that expiry is one more script.
//
// A person's decision is Approve or Deny with the user code, or, for a
// fake in another process, POST /devicetest/approve with user_code=… in
// the form body (deny likewise; refused with 403 from another site, as
// the pages' decisions are); Person (ApproveAfter, DenyAfter) in any
// fake's options decides by the code's age on the fake's clock, for flows
// whose clock runs by itself. Every fake takes a code once, in any case and with or
// without its dash (RFC 8628 §6.1): deciding it again, or after its token
// was issued, is ErrUsedUserCode; past its lifetime, ErrExpiredUserCode.
//
// A person with a browser decides on the verification page each OAuth
// fake advertises, served as the vendor's (plain HTML forms in its words,
// no JavaScript, no assets from elsewhere): GitLab's /oauth/device asks
// for the code (prefilled from verification_uri_complete), shows the
// application and scopes, and takes Authorize or Deny; Entra's
// /common/oauth2/deviceauth (and /devicelogin) asks for the code, then
// "Are you trying to sign in to …?" with Continue or Cancel — Cancel is
// Deny, authorization_declined at the next poll. A decision there is
// Approve or Deny itself, refused with 403 when it comes from another
// site (http.CrossOriginProtection) or without the token the confirmation
// carries for its code. A code the page cannot take shows the entry form
// again with #error saying why, answered 404 (unknown), 410 (expired) or
// 409 (already used). The sandbox's Cohesity and Veeam flows send the
// person to the sandbox's Microsoft page, which takes their codes too
// (their clients must be told to trust the sandbox's host, e.g.
// devicecode.WithVerificationHosts("127.0.0.1")).
package devicetest
