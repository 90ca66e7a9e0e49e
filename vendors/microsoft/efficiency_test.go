package microsoft_test

import (
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestEfficiency reports Entra's figures of merit (vendortest.Efficiency)
// up to the last approval its default 900 s lifetime lets a client redeem.
func TestEfficiency(t *testing.T) {
	vendortest.Efficiency(t, "microsoft", 900*time.Second, efficiencySetup)
}
