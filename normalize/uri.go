package normalize

import (
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/internal/loopback"
	"github.com/devicecode/devicecode/internal/safetext"
)

// safeURI parses raw and says why it is not a verification URI a person may
// safely be sent to ("" when it is; the URL is nil when it is not). The
// person types a secret (the user code) into that page, so only absolute
// https is accepted; plain http only reaches loopback hosts, which tests and
// local sandboxes need.
func safeURI(raw string) (*url.URL, string) {
	if raw == "" {
		return nil, "missing"
	}
	if p := safetext.Problem(raw); p != "" {
		return nil, p
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "is not a valid URI"
	}
	if p := schemeProblem(u); p != "" {
		return nil, p
	}
	switch {
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, "must name a host"
	case u.User != nil:
		// https://login.example@evil.example shows one host and opens another.
		return nil, "must not carry user information"
	}
	return u, ""
}

func schemeProblem(u *url.URL) string {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return ""
	case "http":
		if loopback.Host(u.Hostname()) {
			return ""
		}
		return "must use https (plain http only for loopback hosts)"
	case "":
		return "must be an absolute https URI"
	}
	return "must use https, not " + excerpt(u.Scheme)
}

// sameOrigin reports whether the complete URI points at the same site as the
// verification URI: a vendor never splits them, so a mismatch is a redirect
// attempt (e.g. a QR code leading elsewhere than the printed URI).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}
