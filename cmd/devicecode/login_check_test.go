package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// TestConfigUsage: the vendors' config errors name Go fields; the CLI
// names the flag instead, or the variable the secret came from.
func TestConfigUsage(t *testing.T) {
	for field, flag := range configFlags {
		for _, err := range []error{&gitlab.ConfigError{Field: field, Reason: "must be checked"},
			&microsoft.ConfigError{Field: field, Reason: "missing"}} {
			got := (&loginArgs{}).configUsage(err)
			var ue *usageError
			if !errors.As(got, &ue) || !strings.HasPrefix(ue.msg, flag+" ") || strings.Contains(ue.msg, field) {
				t.Errorf("%v: %v, want a usage error naming %s and not %s", err, got, flag, field)
			}
		}
	}
	got := (&loginArgs{secretFromEnv: true}).configUsage(&gitlab.ConfigError{Field: "ClientSecret", Reason: "is wrong"})
	if want := "$" + secretEnv + " is wrong"; got.Error() != want {
		t.Errorf("secret from the environment: %q, want %q", got, want)
	}
	if got := (&loginArgs{}).configUsage(&microsoft.ConfigError{Field: "Tenant", Reason: "missing"}); got.Error() != "--tenant is missing" {
		t.Errorf("missing: %q", got)
	}
	other := errors.New("gitlab: something else")
	if got := (&loginArgs{}).configUsage(other); got != other {
		t.Errorf("a non-config error became %v", got)
	}
}

// TestLoginSecretFromEnv: the secret may come from the environment; an
// error it causes names the variable, and it never shows up in help.
func TestLoginSecretFromEnv(t *testing.T) {
	t.Setenv(secretEnv, loginSecret)
	base := fakeVendor(t, nil, grant(nil))
	code, _, stderr := loginCLI(t, gitlabArgs(base)...)
	if want := secretEnv + " is set, so --auth-style form|basic is required"; code != exitUsage || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, want)
	}
	if code, _, stderr := loginCLI(t, gitlabArgs(base, "--auth-style", "form")...); code != exitOK {
		t.Errorf("with --auth-style: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := loginCLI(t, gitlabArgs(base, "--client-secret", "")...); code != exitOK {
		t.Errorf(`--client-secret "" turns the variable off: exit %d, stderr:\n%s`, code, stderr)
	}
	if _, stdout, _ := loginCLI(t, "login", "gitlab", "--help"); strings.Contains(stdout, loginSecret) {
		t.Error("help shows the secret from the environment")
	}
}
