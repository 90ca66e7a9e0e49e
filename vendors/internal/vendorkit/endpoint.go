package vendorkit

import (
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/internal/loopback"
)

// CheckBaseURL parses an endpoint base URL: absolute https, or plain http
// for loopback hosts only (tests, local proxies) — the device code and the
// client secret travel in these requests. It returns the parsed URL, or
// the reason it is refused.
func CheckBaseURL(raw string) (*url.URL, string) {
	if raw == "" {
		return nil, "missing"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "is not a valid URL"
	}
	switch {
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, "must be an absolute URL with a host"
	case u.User != nil:
		return nil, "must not carry user information"
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, "must not have a query or fragment"
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !loopback.Host(u.Hostname()) {
			return nil, "must use https (plain http only for loopback hosts)"
		}
	default:
		return nil, "must use https"
	}
	return u, ""
}
