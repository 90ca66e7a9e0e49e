package microsoft_test

import (
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// TestEfficiency reports Entra's figures of merit (vendortest.Efficiency)
// up to an approval just before the default 900 s lifetime ends.
func TestEfficiency(t *testing.T) {
	vendortest.Efficiency(t, "microsoft", 899*time.Second, func(t *testing.T) (*vendortest.Server, vendortest.Flow) {
		e := setup(t, microsoft.Config{})
		return e.Server, e.client
	}, "User.Read")
}
