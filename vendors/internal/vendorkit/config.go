package vendorkit

import "net/url"

// CheckConfig checks what every vendor Config holds: an endpoint base URL
// (reported under urlField, e.g. "BaseURL") and the credentials. It
// returns the parsed URL, or the field at fault and why; the vendor turns
// that into its own *ConfigError.
func CheckConfig(urlField, rawURL string, creds Credentials) (u *url.URL, field, reason string) {
	u, reason = CheckBaseURL(rawURL)
	if reason != "" {
		return nil, urlField, reason
	}
	if field, reason := creds.Problem(); field != "" {
		return nil, field, reason
	}
	return u, "", ""
}
