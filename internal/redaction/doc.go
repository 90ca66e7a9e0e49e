// Package redaction holds no code: its tests prove that no secret the SDK
// holds reaches a reader it was not meant for.
//
// Every secret-carrying value of the public API — the device code
// (normalize.DeviceCode, devicecode.State, devicecode.Poller), each vendor's
// Config and Client (client secrets, the Cohesity API key, password and
// session id, the Veeam password, bearer and refresh tokens), Cohesity's
// AppCredentials and Registration, and the vendors' error types — is built
// with a known marker secret and rendered through every fmt verb (%v, %+v,
// %#v, %s, %q, %x, %X, %d), slog's text and JSON handlers (as a key-value
// pair, slog.Any and inside a group), encoding/json and an error that wraps
// it; no rendering may contain the marker, in plain text or in hex. Real
// flows against the devicetest fakes, logged at debug level through both
// handlers, show no device code, token, password, key or secret in their
// logs, errors or results' renderings either. Fakes that echo a client's
// own secret (client secret, API key, session id, password) in their error
// answers — as sent, percent-encoded, JSON-escaped, in base64 and in HTTP
// Basic — get it back masked in the error, its renderings and chain, the
// fields errors.As reaches and the logs (echo_*_test.go); a member name
// the client composed into its own message is masked in the error and its
// renderings, while the composed error it wraps keeps it. The CLI's text
// output is proven in cmd/devicecode/redaction_test.go.
//
// What is not a secret, by design:
//
//   - The user code and VerificationURIComplete (which carries it): RFC 8628
//     §3.3 has the device show them to the person, who must compare the
//     code on both screens (§3.3.1). The code cannot redeem a token — only
//     the device code can (§3.4) — it is short-lived and rate limited
//     (§5.1), and every fmt, slog and CLI output of this SDK shows it. The
//     one exception in effect is Veeam, where the user code Wait returns
//     is what AddOrganization spends; that call needs the operator's
//     password and bearer too, so it stays shown like the others.
//   - encoding/json of normalize.DeviceCode and devicecode.State: they are
//     meant to be serialized (persisting a flow to resume it with
//     devicecode.ResumePoller), so their JSON carries the device code.
//
// What the SDK cannot change: *oauth2.Token is golang.org/x/oauth2's type,
// and its %v, slog and JSON forms print the access, refresh and id tokens.
// The proof for tokens is therefore that no SDK log line, error or CLI text
// output contains one, and that no SDK type keeps one where fmt or slog can
// reach it (the Veeam and Cohesity clients hold their bearer tokens).
// Likewise a caller's own struct that holds a Config in an unexported field
// is printed by fmt through reflection, past every String method.
package redaction
