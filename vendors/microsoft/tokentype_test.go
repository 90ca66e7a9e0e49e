package microsoft_test

import (
	"testing"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestTokenTypes(t *testing.T) {
	vendortest.CheckTokenTypes(t, func(t *testing.T, o devicetest.Options, allow bool) vendortest.Flow {
		var opts []microsoft.Option
		if allow {
			opts = append(opts, microsoft.WithTokenTypes("MAC"))
		}
		return setup(t, microsoft.Config{}, o, opts...).client
	}, "User.Read")
}
