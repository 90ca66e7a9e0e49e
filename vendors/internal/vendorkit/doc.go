// Package vendorkit holds what the OAuth vendor packages (gitlab,
// microsoft) share beyond the engine: one explicit client authentication
// style, endpoint URL checks, reading token answers, and a refreshing
// oauth2.TokenSource. It keeps each vendor package mostly data.
package vendorkit
