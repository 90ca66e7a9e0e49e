package cohesity

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Config identifies the cluster (or Helios) and how to authenticate to
// its API. Set exactly one of APIKey, SessionID, or Username and Password.
type Config struct {
	// BaseURL is the cluster or Helios address, e.g.
	// https://cluster.example.com or https://helios.cohesity.com; the
	// client adds /v2, and a trailing /v2 is accepted too. It must use
	// https; plain http is accepted for loopback hosts only.
	BaseURL string
	// APIKey is sent as the apiKey header. A secret.
	APIKey devicecode.Secret
	// Username, Password and LoginDomain log in through POST
	// /v2/access-tokens (clusters only). LoginDomain is the user's domain
	// on the cluster (Cohesity's "domain" of the login); empty is the
	// cluster's LOCAL domain. Password is a secret.
	Username    string
	Password    devicecode.Secret
	LoginDomain string
	// SessionID is sent as the session-id header. A secret.
	SessionID devicecode.Secret
	// Domain is the Microsoft 365 domain Start asks a device code for,
	// e.g. contoso.onmicrosoft.com. Only Start needs it: a flow's State
	// carries its domain, so a Client built to Resume flows or to run the
	// completion steps may leave it empty.
	Domain string
	// AccessClusterID and RegionID route a Helios request to one cluster
	// or region (the accessClusterId and regionId headers); zero and ""
	// send nothing.
	AccessClusterID int64
	RegionID        string
	// CAPEM holds PEM certificates that may sign the cluster's chain (its
	// self-signed certificate, or a private CA); with it, only these are
	// trusted. Pins are SHA-256 fingerprints of the leaf certificate (hex,
	// colons ignored); with them only a matching leaf is trusted. Either
	// replaces the transport of a WithHTTPClient client. There is no way
	// to skip verification.
	CAPEM []byte
	Pins  []string
	// Classify decides what a non-201 answer to the token poll means; nil
	// is DefaultClassifier. See Classifier.
	Classify Classifier
	// DeclinedErrors are errorCodes of the token poll that mean the person
	// declined: Cohesity documents none, so by default a refusal reads as
	// pending until the code expires. They are checked before Classify.
	DeclinedErrors []string
}

// String keeps the API key, password and session id out of %v and %+v.
func (c Config) String() string {
	return fmt.Sprintf("cohesity.Config{BaseURL:%s APIKey:%s Username:%s Password:%s LoginDomain:%s SessionID:%s Domain:%s AccessClusterID:%d RegionID:%s CAPEM:%d bytes Pins:%d DeclinedErrors:%q}",
		vendorkit.ShowURL(c.BaseURL), vendorkit.Redacted(string(c.APIKey)), c.Username, vendorkit.Redacted(string(c.Password)), c.LoginDomain,
		vendorkit.Redacted(string(c.SessionID)), c.Domain, c.AccessClusterID, c.RegionID, len(c.CAPEM), len(c.Pins), c.DeclinedErrors)
}

// GoString keeps the secrets out of %#v.
func (c Config) GoString() string { return c.String() }

// Format keeps the secrets out of the verbs String does not serve (%d,
// %o, …), which fmt would answer with the fields.
func (c Config) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }

// LogValue keeps the secrets out of slog, whose JSON handler would marshal
// the fields. (encoding/json itself refuses a Config: Classify is a func.)
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// ConfigError is an unusable Config field.
type ConfigError struct {
	Field  string // "BaseURL", "APIKey", …; "Domain" from Start
	Reason string // never contains a secret
}

var _ error = (*ConfigError)(nil)

func (e *ConfigError) Error() string {
	return fmt.Sprintf("cohesity: invalid config: %s %s", e.Field, e.Reason)
}

// authKind is the one way Config authenticates.
type authKind int

const (
	authAPIKey authKind = iota
	authLogin
	authSession
)

// validate checks the config and returns the /v2 base URL and the auth.
func (c Config) validate() (string, authKind, error) {
	u, reason := vendorkit.CheckBaseURL(c.BaseURL)
	if reason != "" {
		return "", 0, &ConfigError{Field: "BaseURL", Reason: reason}
	}
	kind, field, reason := c.auth()
	if field != "" {
		return "", 0, &ConfigError{Field: field, Reason: reason}
	}
	return apiBase(u), kind, nil
}

// site is the cluster of the Client's flows (see Client.origin), from
// the API base validate returned.
func (c Config) site(base string) (devicecode.Origin, error) {
	u, err := url.Parse(base)
	if err != nil {
		return devicecode.Origin{}, &ConfigError{Field: "BaseURL", Reason: "is not a valid URL"}
	}
	return siteOf(u, c), nil
}

// auth picks the one authentication the config names.
func (c Config) auth() (authKind, string, string) {
	login := c.Username != "" || c.Password != ""
	n := 0
	for _, set := range []bool{c.APIKey != "", login, c.SessionID != ""} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return 0, "APIKey", "missing (or Username and Password, or SessionID)"
	case n > 1:
		return 0, "APIKey", "set together with another credential: choose one of APIKey, Username/Password, SessionID"
	case login && c.Username == "":
		return 0, "Username", "missing (a Password needs it)"
	case login && c.Password == "":
		return 0, "Password", "missing (a Username needs it)"
	case login:
		return authLogin, "", ""
	case c.SessionID != "":
		return authSession, "", ""
	}
	return authAPIKey, "", ""
}

// apiBase is the base URL with exactly one /v2: people paste the address
// they browse to as well as the API root.
func apiBase(u *url.URL) string {
	s := strings.TrimRight(u.String(), "/")
	if strings.HasSuffix(strings.ToLower(s), "/v2") {
		return s
	}
	return s + "/v2"
}
