// Package vendorkit holds what the four vendor packages share beyond the
// engine: the one option set every Client takes (Settings), the flow's
// origin (Origin), the masking of a client's own secrets in server text
// (Masker), endpoint URL checks, TLS for the appliances, and redaction
// helpers; and, for the vendors that speak RFC 8628 on the wire (GitLab,
// Entra), the start/poll/refresh flow over a generated client with one
// explicit client authentication style, reading token answers, and a
// refreshing oauth2.TokenSource. It keeps each vendor package mostly data.
package vendorkit
