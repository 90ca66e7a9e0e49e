// Package vendorkit holds what the OAuth vendor packages (gitlab,
// microsoft, and later cohesity and veeam) share beyond the engine: the
// one option set every Client takes, the RFC 8628 start/poll/refresh flow
// over a vendor's generated client, one explicit client authentication
// style, endpoint URL checks, reading token answers, and a refreshing
// oauth2.TokenSource. It keeps each vendor package mostly data.
package vendorkit
