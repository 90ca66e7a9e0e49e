package main

import (
	"errors"
	"strings"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// check finds what the flag parser cannot, in the order a person fixes
// things: the application, then the vendor's own flags, then the secret.
// The vendor constructors check the same, but in terms of Go fields
// (ClientSecret, AuthStyleInParams); these messages name flags.
func (a *loginArgs) check(vendor func() error) error {
	if a.clientID == "" {
		return usagef("--client-id is required")
	}
	if a.timeout < 0 {
		return usagef("--timeout must not be negative")
	}
	if err := vendor(); err != nil {
		return err
	}
	if err := checkHosts(a.allowHosts); err != nil {
		return err
	}
	switch {
	case a.clientSecret != "" && a.style.value == "" && a.secretFromEnv:
		return usagef("%s is set, so --auth-style form|basic is required", secretEnv)
	case a.clientSecret != "" && a.style.value == "":
		return usagef("--client-secret needs --auth-style form|basic")
	case a.clientSecret == "" && a.style.value != "":
		return usagef("--auth-style needs a client secret: --client-secret or $%s", secretEnv)
	}
	return nil
}

// checkHosts refuses what is not a host name: a URL would never match,
// and the user would not learn why the policy still refuses.
func checkHosts(hosts []string) error {
	for _, h := range hosts {
		switch {
		case h == "":
			return usagef("--allow-verification-host needs a host name")
		case strings.ContainsAny(h, "/ \t@?#"):
			return usagef("--allow-verification-host %q: want a host name such as gitlab.example.com, not a URL", h)
		}
	}
	return nil
}

func (a *loginArgs) authStyle() devicecode.AuthStyle {
	switch a.style.value {
	case "form":
		return devicecode.AuthStyleInParams
	case "basic":
		return devicecode.AuthStyleInHeader
	}
	return devicecode.AuthStyleNone
}

// configFlags names the flag behind each Config field the vendor
// constructors report.
var configFlags = map[string]string{
	"BaseURL":       "--base-url",
	"ClientID":      "--client-id",
	"ClientSecret":  "--client-secret",
	"AuthStyle":     "--auth-style",
	"Tenant":        "--tenant",
	"AuthorityHost": "--authority-host",
	"Scopes":        "--scope",
}

// configUsage turns a vendor *ConfigError into a usage error naming the
// flag (or the variable the secret came from); other errors pass through.
func (a *loginArgs) configUsage(err error) error {
	var ge *gitlab.ConfigError
	var me *microsoft.ConfigError
	var field, reason string
	switch {
	case errors.As(err, &ge):
		field, reason = ge.Field, ge.Reason
	case errors.As(err, &me):
		field, reason = me.Field, me.Reason
	default:
		return err
	}
	name, ok := configFlags[field]
	if !ok {
		return usagef("%s", err) // a field this CLI does not know yet: the vendor's own words
	}
	if field == "ClientSecret" && a.secretFromEnv {
		name = "$" + secretEnv
	}
	if strings.HasPrefix(reason, "missing") {
		reason = "is " + reason // "missing" reads as "--base-url is missing"
	}
	return usagef("%s %s", name, reason)
}
