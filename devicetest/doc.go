// Package devicetest runs faithful fakes of the vendors' device-code APIs
// in-process on loopback, for tests of devicecode itself and of the code
// integrators write on top of it. Each fake is built on the server
// interface generated from the vendor's contract in specs/, so it cannot
// drift from the paths, methods, status codes and bodies the vendor
// packages are written against; it runs on an injectable clock (package
// clock/fakeclock makes a 15-minute flow take milliseconds) and records
// every request.
//
//   - NewGitLab and NewMicrosoft are RFC 8628 servers with GitLab's and
//     Entra's wire formats. Options.Script answers each flow's first polls
//     (pending, slow_down, 429/503 with Retry-After, a dropped connection,
//     a slow answer, an error with HTTP 200); the interval can be omitted
//     and the lifetime shortened. They serve under a BasePath if asked,
//     check a confidential client's secret (ClientSecret), rotate refresh
//     tokens, and record each request's form and Basic user. Intercept
//     answers what no faithful fake would (hostile bodies, vendor bugs).
//   - NewCohesity is a cluster's v2 API and NewVeeam a VB365 REST server
//     (v6, v7 or v8). Both require their real authentication (401 without
//     it) and have a knob for each behaviour their vendor leaves
//     undocumented, so that a test can run both possibilities.
//   - NewSandbox serves all four on one loopback address, under /gitlab,
//     /microsoft, /cohesity and /veeam, for `devicecode sandbox` and demos.
//
// A person's decision is Approve or Deny with the user code, or, for a
// fake in another process, POST /devicetest/approve?user_code=… (deny
// likewise); Options.Person (ApproveAfter, DenyAfter) decides on the
// fake's clock, for flows whose clock runs by itself.
package devicetest
