package gitlab_test

import (
	"testing"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestTokenTypes(t *testing.T) {
	vendortest.CheckTokenTypes(t, func(t *testing.T, o devicetest.Options, allow bool) vendortest.Flow {
		var opts []gitlab.Option
		if allow {
			opts = append(opts, gitlab.WithTokenTypes("MAC"))
		}
		return setup(t, gitlab.Config{}, o, opts...).client
	}, "read_user")
}
