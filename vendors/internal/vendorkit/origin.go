package vendorkit

import (
	"net"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode/deviceflow"
)

// Origin is where a vendor client's flows belong (deviceflow.Origin),
// with the server's URL in one spelling, so that a State saved by one
// replica is recognised by another configured alike:
// "HTTPS://Git.Example.com:443/" and "https://git.example.com" are one
// instance. Tenants (Entra tenants, Microsoft 365 domains) compare in
// any case, as their services do; client IDs exactly. A query routes
// within the instance (Helios to a cluster) and is kept.
func Origin(u *url.URL, tenant, clientID string) deviceflow.Origin {
	c := url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host),
		Path: strings.TrimSuffix(u.Path, "/"), RawQuery: u.RawQuery}
	if host, port, err := net.SplitHostPort(c.Host); err == nil && (c.Scheme == "https" && port == "443" || c.Scheme == "http" && port == "80") {
		c.Host = host
		if strings.Contains(host, ":") {
			c.Host = "[" + host + "]"
		}
	}
	return deviceflow.Origin{Instance: c.String(), Tenant: strings.ToLower(tenant), ClientID: clientID}
}
