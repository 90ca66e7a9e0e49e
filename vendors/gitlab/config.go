package gitlab

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/internal/vendorkit"
)

// Config identifies the instance and the OAuth application.
type Config struct {
	// BaseURL is the instance, e.g. DefaultBaseURL or
	// https://example.com/gitlab. It must use https; plain http is
	// accepted for loopback hosts only.
	BaseURL string
	// ClientID is the application ID of the OAuth application.
	ClientID string
	// Scopes are what Start asks for, e.g. "read_user", "api"; none asks
	// for the application's default scopes.
	Scopes []string
	// ClientSecret is set for confidential applications only. It is a
	// secret: it never appears in errors, logs or %v.
	ClientSecret devicecode.Secret
	// AuthStyle is how a confidential application sends its secret:
	// devicecode.AuthStyleInParams (form) or AuthStyleInHeader (HTTP
	// Basic). Public applications leave it at AuthStyleNone. It is never
	// guessed.
	AuthStyle devicecode.AuthStyle
}

// String keeps the client secret out of %v and %+v.
func (c Config) String() string {
	return fmt.Sprintf("gitlab.Config{BaseURL:%s ClientID:%s Scopes:%s ClientSecret:%s AuthStyle:%s}",
		vendorkit.ShowURL(c.BaseURL), c.ClientID, c.Scopes, vendorkit.Redacted(string(c.ClientSecret)), vendorkit.StyleName(c.AuthStyle))
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
	f.BaseURL = vendorkit.ShowURL(c.BaseURL) // the Secret marshals redacted
	return json.Marshal(f)
}

// ConfigError is an unusable Config field.
type ConfigError struct {
	Field  string // "BaseURL", "ClientID", …
	Reason string // never contains the secret
}

var _ error = (*ConfigError)(nil)

func (e *ConfigError) Error() string {
	return fmt.Sprintf("gitlab: invalid config: %s %s", e.Field, e.Reason)
}

// validate checks the config and returns the parsed base URL.
func (c Config) validate() (*url.URL, error) {
	base, field, reason := vendorkit.CheckConfig("BaseURL", c.BaseURL, c.credentials())
	if field != "" {
		return nil, &ConfigError{Field: field, Reason: reason}
	}
	return base, nil
}

func (c Config) credentials() vendorkit.Credentials {
	return vendorkit.Credentials{ClientID: c.ClientID, ClientSecret: string(c.ClientSecret), Style: c.AuthStyle}
}
