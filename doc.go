// Package devicecode is the vendor-neutral polling engine of the OAuth 2.0
// Device Authorization Grant (RFC 8628 §3.4–§3.5).
//
// The engine polls an abstract [PollFunc], so the same schedule serves
// standard token endpoints and vendors that confirm sign-in
// some other way. It follows the RFC where common libraries do not:
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
//   - a State knows its expiry and its [Origin], and [ResumePoller]
//     refuses one without the first or of another origin ([StateError]);
//   - every wait and request takes a context, and the clock is injectable
//     (see package fakeclock) so a 15-minute flow is tested in milliseconds.
//
// Device codes, tokens and client secrets never reach errors, logs or
// observer events.
package devicecode
