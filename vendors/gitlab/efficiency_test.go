package gitlab_test

import (
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestEfficiency reports GitLab's figures of merit (vendortest.Efficiency)
// up to the last approval its default 300 s lifetime lets a client redeem.
func TestEfficiency(t *testing.T) {
	vendortest.Efficiency(t, "gitlab", 300*time.Second, efficiencySetup)
}
