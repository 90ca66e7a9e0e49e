package gitlab

import (
	"strings"

	"golang.org/x/oauth2"
)

// DefaultBaseURL is gitlab.com. Self-managed instances use their own base
// URL, including any relative URL root (https://example.com/gitlab).
const DefaultBaseURL = "https://gitlab.com"

// The endpoint paths below the base URL. gitlab.com's OpenID discovery
// document has no device_authorization_endpoint, so the path is fixed here
// rather than discovered.
const (
	DeviceAuthorizationPath = "/oauth/authorize_device"
	TokenPath               = "/oauth/token"  //nolint:gosec // G101: a path, not a credential
	VerificationPath        = "/oauth/device" // the page users open
)

// Endpoint returns the OAuth endpoints of the instance at baseURL, for
// integrators that use golang.org/x/oauth2 directly.
func Endpoint(baseURL string) oauth2.Endpoint {
	b := strings.TrimSuffix(baseURL, "/")
	return oauth2.Endpoint{
		AuthURL:       b + "/oauth/authorize",
		DeviceAuthURL: b + DeviceAuthorizationPath,
		TokenURL:      b + TokenPath,
	}
}
