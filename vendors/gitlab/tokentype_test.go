package gitlab_test

import (
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestTokenTypes(t *testing.T) {
	vendortest.CheckTokenTypes(t, func(t *testing.T, o devicetest.Options, allow bool) devicecode.Client {
		var opts []devicecode.Option
		if allow {
			opts = append(opts, devicecode.WithTokenTypes("MAC"))
		}
		return setup(t, gitlab.Config{Scopes: []string{"read_user"}}, o, opts...).client
	})
}
