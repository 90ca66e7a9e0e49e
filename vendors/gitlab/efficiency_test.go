package gitlab_test

import (
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestEfficiency reports GitLab's figures of merit (vendortest.Efficiency)
// up to an approval just before the default 300 s lifetime ends.
func TestEfficiency(t *testing.T) {
	vendortest.Efficiency(t, "gitlab", 299*time.Second, func(t *testing.T) (*vendortest.Server, vendortest.Flow) {
		e := setup(t, gitlab.Config{})
		return e.Server, e.client
	}, "read_user")
}
