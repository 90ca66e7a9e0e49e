// Package devicecode signs people in with the OAuth 2.0 Device
// Authorization Grant (RFC 8628) through any of its vendor packages
// (vendors/gitlab, vendors/microsoft, vendors/cohesity, vendors/veeam):
// the package an integrator imports beside one vendor's.
//
// Every vendor client is a [Client]: Start asks for a device code and
// returns a [Flow]; show its Prompt, then Wait (or PollOnce when
// NextPollAt is due) for the [Outcome]; save its [State] as JSON to finish
// it in another process with Client.Resume. [SignIn] is the whole sign-in
// in one call. Errors match the sentinels here with errors.Is
// ([ErrAccessDenied], [ErrExpiredToken], …) whatever the vendor.
//
// Under the contract is the polling engine (RFC 8628 §3.4–§3.5). It polls
// an abstract [PollFunc], so the same schedule serves standard token
// endpoints and vendors that confirm sign-in some other way. It follows
// the RFC where common libraries do not:
//
//   - the wait is measured from the receipt of the previous response, with
//     one request in flight, and the interval (5 s when the server sends
//     none) never decreases;
//   - slow_down adds 5 s to this and every later poll; a larger server
//     interval or Retry-After wins;
//   - connection failures, timeouts, 429, 502, 503 and 504 back off
//     exponentially with jitter (§3.5 "MUST reduce their polling
//     frequency"), never below the interval and never past the code's
//     expiry;
//   - no poll is sent past the code's expiry, whatever a server or a
//     saved [State] asks: a poll due at the expiry is the last, and a next
//     poll that would fall after it (an absurd interval, slow_down or
//     Retry-After) ends the flow at once with [ErrExpiredToken], naming
//     that wait; a flow thus ends by the expiry plus one request;
//   - a State knows its expiry and its [Origin], and [ResumeFlow] (so
//     every Client.Resume) refuses one without the first or of another
//     origin ([StateError]);
//   - every wait and request takes a context, and the clock is injectable
//     (see package fakeclock) so a 15-minute flow is tested in milliseconds.
//
// Device codes, tokens and client secrets never reach errors, logs or
// observer events.
package devicecode
