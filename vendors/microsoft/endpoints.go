package microsoft

import (
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Authority hosts of the Microsoft clouds.
const (
	AuthorityPublicCloud  = "https://login.microsoftonline.com"
	AuthorityUSGovernment = "https://login.microsoftonline.us"
	AuthorityChina        = "https://login.chinacloudapi.cn"
)

// Special tenants; a tenant can also be a directory GUID or a verified
// domain such as contoso.onmicrosoft.com.
const (
	TenantCommon        = "common"        // work, school and personal accounts
	TenantOrganizations = "organizations" // work and school accounts
	TenantConsumers     = "consumers"     // personal Microsoft accounts
)

// Endpoint returns the v2.0 endpoints of tenant at authorityHost, for
// integrators that use golang.org/x/oauth2 directly.
func Endpoint(authorityHost, tenant string) oauth2.Endpoint {
	b := strings.TrimSuffix(authorityHost, "/") + "/" + url.PathEscape(tenant) + "/oauth2/v2.0"
	return oauth2.Endpoint{
		AuthURL:       b + "/authorize",
		DeviceAuthURL: b + "/devicecode",
		TokenURL:      b + "/token",
	}
}

// VerificationHosts is the default set of hosts a verification URI from
// authorityHost (a URL such as AuthorityUSGovernment, or a host name) may
// point at: Microsoft's device-login hosts of every cloud (listed with
// their sources in vendors/internal/vendorkit/hosts.go) and the authority
// host itself. WithVerificationHosts extends it.
func VerificationHosts(authorityHost string) []string {
	if u, err := url.Parse(authorityHost); err == nil && u.Host != "" {
		authorityHost = u.Hostname()
	}
	return append([]string{authorityHost}, vendorkit.MicrosoftVerificationHosts...)
}
