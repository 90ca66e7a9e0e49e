package vendorkit

import (
	"net/url"
	"strings"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/internal/hostname"
)

// Origin is where a vendor client's flows belong (devicecode.Origin),
// with the server's URL in one spelling, so that a State saved by one
// replica is recognised by another configured alike:
// "HTTPS://Git.Example.com:443/" and "https://git.example.com" are one
// instance, and so are a host's Unicode and IDNA spellings (compared as
// normalize compares verification hosts, hostname.Canonical). Tenants
// (Entra tenants, Microsoft 365 domains) compare in any case, as their
// services do; client IDs exactly.
func Origin(u *url.URL, tenant, clientID string) devicecode.Origin {
	scheme := strings.ToLower(u.Scheme)
	host := hostname.Canonical(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && !(scheme == "https" && port == "443" || scheme == "http" && port == "80") {
		host += ":" + port
	}
	c := url.URL{Scheme: scheme, Host: host, Path: strings.TrimSuffix(u.Path, "/")}
	return devicecode.Origin{Instance: c.String(), Tenant: strings.ToLower(tenant), ClientID: clientID}
}
