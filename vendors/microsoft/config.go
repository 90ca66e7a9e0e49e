package microsoft

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Config identifies the directory, the cloud and the app registration.
type Config struct {
	// Tenant is TenantCommon, TenantOrganizations, TenantConsumers, a
	// directory GUID or a domain.
	Tenant string
	// ClientID is the application (client) ID of the app registration.
	ClientID string
	// Scopes are what Start asks for, at least one: e.g. "User.Read",
	// "offline_access" (for a refresh token), "openid" (for an ID token).
	// Resume and TokenSource need none.
	Scopes []string
	// ClientSecret is set for confidential clients only. It is a secret:
	// it never appears in errors, logs or %v.
	ClientSecret devicecode.Secret
	// AuthStyle is how a confidential client sends its secret:
	// devicecode.AuthStyleInParams (form) or AuthStyleInHeader (HTTP
	// Basic). Public clients leave it at AuthStyleNone. It is never
	// guessed.
	AuthStyle devicecode.AuthStyle
	// AuthorityHost is the cloud's login host, AuthorityPublicCloud when
	// empty. It must use https; plain http is accepted for loopback
	// hosts only (test servers).
	AuthorityHost string
}

// String keeps the client secret out of %v and %+v.
func (c Config) String() string {
	return fmt.Sprintf("microsoft.Config{Tenant:%s ClientID:%s Scopes:%s ClientSecret:%s AuthStyle:%s AuthorityHost:%s}",
		c.Tenant, c.ClientID, c.Scopes, vendorkit.Redacted(string(c.ClientSecret)), vendorkit.StyleName(c.AuthStyle), vendorkit.ShowURL(c.authority()))
}

// GoString keeps the client secret out of %#v.
func (c Config) GoString() string { return c.String() }

// Format keeps the secret out of the verbs String does not serve (%d,
// %o, …), which fmt would answer with the fields.
func (c Config) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }

// LogValue keeps the secret out of slog, whose JSON handler would marshal
// the fields.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON writes the config with the secret redacted: a Config is not
// a storage format, and JSON loggers marshal what they log.
func (c Config) MarshalJSON() ([]byte, error) {
	type fields Config // without the methods
	f := fields(c)
	f.AuthorityHost = vendorkit.ShowURL(c.AuthorityHost) // the Secret marshals redacted
	return json.Marshal(f)
}

// ConfigError is an unusable Config field.
type ConfigError struct {
	Field  string // "Tenant", "ClientID", …
	Reason string // never contains the secret
}

var _ error = (*ConfigError)(nil)

func (e *ConfigError) Error() string {
	return fmt.Sprintf("microsoft: invalid config: %s %s", e.Field, e.Reason)
}

func (c Config) authority() string {
	if c.AuthorityHost == "" {
		return AuthorityPublicCloud
	}
	return c.AuthorityHost
}

// validate checks the config and returns the parsed authority host.
func (c Config) validate() (*url.URL, error) {
	if reason := tenantProblem(c.Tenant); reason != "" {
		return nil, &ConfigError{Field: "Tenant", Reason: reason}
	}
	host, field, reason := vendorkit.CheckConfig("AuthorityHost", c.authority(), c.credentials())
	if field != "" {
		return nil, &ConfigError{Field: field, Reason: reason}
	}
	return host, nil
}

func (c Config) credentials() vendorkit.Credentials {
	return vendorkit.Credentials{ClientID: c.ClientID, ClientSecret: string(c.ClientSecret), Style: c.AuthStyle}
}

var (
	guidRE  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	labelRE = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)
)

// tenantProblem says why t is not a tenant, or "". The tenant becomes a
// path segment, so anything beyond the documented forms is refused rather
// than escaped.
func tenantProblem(t string) string {
	switch {
	case t == "":
		return "missing (common, organizations, consumers, a directory GUID or a domain)"
	case strings.EqualFold(t, TenantCommon), strings.EqualFold(t, TenantOrganizations),
		strings.EqualFold(t, TenantConsumers), guidRE.MatchString(t):
		return ""
	}
	labels := strings.Split(t, ".")
	if len(t) > 253 || len(labels) < 2 {
		return "must be common, organizations, consumers, a directory GUID or a domain"
	}
	for _, l := range labels {
		if !labelRE.MatchString(l) {
			return "is not a valid domain name"
		}
	}
	return ""
}
