package shared

import (
	"errors"
	"strings"
	"testing"

	"github.com/devicecode/devicecode/cmd/devicecode/internal/cmdutil"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// TestConfigUsage: the vendors' config errors name Go fields; the CLI
// names the flag instead, or the variable the secret came from.
func TestConfigUsage(t *testing.T) {
	for field, flag := range configFlags {
		for _, err := range []error{&gitlab.ConfigError{Field: field, Reason: "must be checked"},
			&microsoft.ConfigError{Field: field, Reason: "missing"}} {
			got := (&OAuth{}).configUsage(err)
			var ue *cmdutil.UsageError
			if !errors.As(got, &ue) || !strings.HasPrefix(ue.Error(), flag+" ") || strings.Contains(ue.Error(), field) {
				t.Errorf("%v: %v, want a usage error naming %s and not %s", err, got, flag, field)
			}
		}
	}
	got := (&OAuth{secretFromEnv: true}).configUsage(&gitlab.ConfigError{Field: "ClientSecret", Reason: "is wrong"})
	if want := "$" + SecretEnv + " is wrong"; got.Error() != want {
		t.Errorf("secret from the environment: %q, want %q", got, want)
	}
	if got := (&OAuth{}).configUsage(&microsoft.ConfigError{Field: "Tenant", Reason: "missing"}); got.Error() != "--tenant is missing" {
		t.Errorf("missing: %q", got)
	}
	other := errors.New("gitlab: something else")
	if got := (&OAuth{}).configUsage(other); got != other {
		t.Errorf("a non-config error became %v", got)
	}
}
