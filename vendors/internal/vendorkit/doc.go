// Package vendorkit holds what the four vendor packages share beyond the
// contract and the engine of package devicecode: a client's collected
// devicecode.Options (Settings) and its HTTP client (NewHTTPClient: no
// redirects, capped bodies, request editors), the flow's origin (Origin),
// the masking of a client's own secrets in server text (Masker), endpoint
// URL checks, TLS for the appliances (Config.CAPEM/Pins of Cohesity and
// Veeam), and redaction helpers; and, for the vendors that speak RFC 8628
// on the wire (GitLab, Entra), the Start/Resume/refresh flow over a
// generated client with one explicit client authentication style, reading
// token answers, and a refreshing oauth2.TokenSource. It keeps each vendor
// package mostly data.
package vendorkit
