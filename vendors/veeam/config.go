package veeam

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// DefaultPort is the port VB365's REST API listens on unless reconfigured.
const DefaultPort = "4443"

// Config identifies the VB365 server, the account this client signs in
// with, and what Start asks a device code for.
type Config struct {
	// BaseURL is the server, e.g. https://vb365.example.com:4443, without
	// the version prefix (the client adds /v6, /v7 or /v8). It must use
	// https; plain http is accepted for loopback hosts only.
	BaseURL string
	// Username and Password sign in to the VB365 server (a Windows or
	// VB365 operator account). The password is a secret: it never appears
	// in errors, logs or %v.
	Username string
	Password devicecode.Secret
	// Target is what Start asks a device code for: NewOrganization,
	// ExistingOrganization, RestoreSession or AzureServiceAccount. A
	// client that only resumes flows or spends user codes needs none:
	// DeviceCode/check takes the user code alone, whatever the target.
	Target Target
	// APIVersion is V6, V7 or V8; empty means the newest the server
	// answers, found by probing GET /vN/ServiceInstance once.
	APIVersion Version
	// Antiforgery decides whether token requests carry
	// disable_antiforgery_token=true. UNVERIFIED default (AntiforgeryAuto):
	// sent to v7 and v8, which otherwise expect the antiforgery cookie a
	// browser keeps, and not to v6, which does not declare the field.
	Antiforgery Antiforgery
	// KeepCheckErrors reports an error answer of DeviceCode/check after
	// the code's lifetime as it is. UNVERIFIED default (false): such an
	// answer means the code expired, devicecode.ErrExpiredToken.
	KeepCheckErrors bool
	// CAPEM holds PEM certificates that may sign the server's chain (VB365's
	// self-signed certificate, or a private CA); with it, only these are
	// trusted. Pins are SHA-256 fingerprints of the leaf certificate (hex,
	// colons ignored); with them only a matching leaf is trusted. Either
	// replaces the transport of a devicecode.WithHTTPClient client. There
	// is no way to skip verification.
	CAPEM []byte
	Pins  []string
	// PendingCheckErrors treats a 400 answer of DeviceCode/check within
	// the code's lifetime as "not signed in yet". UNVERIFIED default
	// (false): VB365 is presumed to answer {"authenticated": false} while
	// pending, so a 400 ends the flow (it is also how a refused sign-in
	// would show). Set it for a server that answers 400 until the user
	// signs in.
	PendingCheckErrors bool
}

// Antiforgery is the policy for disable_antiforgery_token.
type Antiforgery int

// The Antiforgery policies; the zero value is AntiforgeryAuto.
const (
	AntiforgeryAuto    Antiforgery = iota // v7+: send true; v6: omit
	AntiforgeryDisable                    // always send disable_antiforgery_token=true
	AntiforgeryOmit                       // never send the field
)

// sendDisable says whether a token request to version v carries the field.
func (a Antiforgery) sendDisable(v Version) bool {
	switch a {
	case AntiforgeryDisable:
		return true
	case AntiforgeryOmit:
		return false
	}
	return v.hasAntiforgery()
}

// String keeps the password out of %v and %+v.
func (c Config) String() string {
	return fmt.Sprintf("veeam.Config{BaseURL:%s Username:%s Password:%s Target:%s APIVersion:%s CAPEM:%d bytes Pins:%d}",
		vendorkit.ShowURL(c.BaseURL), c.Username, vendorkit.Redacted(string(c.Password)), c.Target, c.APIVersion, len(c.CAPEM), len(c.Pins))
}

// GoString keeps the password out of %#v.
func (c Config) GoString() string { return c.String() }

// Format keeps the password out of the verbs String does not serve
// (%d, %o, …), which fmt would answer with the fields.
func (c Config) Format(f fmt.State, verb rune) { vendorkit.Format(f, verb, c.String(), c.GoString()) }

// LogValue keeps the password out of slog, whose JSON handler would
// marshal the fields.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON writes the config with the password redacted: a Config is not
// a storage format, and JSON loggers marshal what they log.
func (c Config) MarshalJSON() ([]byte, error) {
	type fields Config // without the methods
	f := fields(c)
	f.BaseURL = vendorkit.ShowURL(c.BaseURL) // the Secret marshals redacted
	return json.Marshal(f)
}

// ConfigError is an unusable Config field.
type ConfigError struct {
	Field  string // "BaseURL", "Username", "Password", "Target", "APIVersion"
	Reason string // never contains the password
}

var _ error = (*ConfigError)(nil)

func (e *ConfigError) Error() string {
	return fmt.Sprintf("veeam: invalid config: %s %s", e.Field, e.Reason)
}

// validate checks the config and returns the base URL without a trailing
// slash.
func (c Config) validate() (*url.URL, error) {
	base, reason := vendorkit.CheckBaseURL(c.BaseURL)
	switch {
	case reason != "":
		return nil, &ConfigError{Field: "BaseURL", Reason: reason}
	case versionPrefixed(base.Path):
		return nil, &ConfigError{Field: "BaseURL", Reason: "must not end in the version (/v6, /v7, /v8): set APIVersion instead"}
	case c.Username == "":
		return nil, &ConfigError{Field: "Username", Reason: "missing"}
	case c.Password == "":
		return nil, &ConfigError{Field: "Password", Reason: "missing"}
	case c.APIVersion != "" && !c.APIVersion.known():
		return nil, &ConfigError{Field: "APIVersion", Reason: "must be v6, v7, v8 or empty (probe)"}
	}
	base.Path = strings.TrimSuffix(base.Path, "/")
	return base, nil
}

func versionPrefixed(path string) bool {
	p := strings.TrimSuffix(path, "/")
	for _, v := range Versions {
		if strings.HasSuffix(p, "/"+string(v)) {
			return true
		}
	}
	return false
}
