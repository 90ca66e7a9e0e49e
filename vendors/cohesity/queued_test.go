package cohesity_test

import (
	"context"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// A call waiting for another's cluster login gives up when its own context
// ends.
func TestQueuedCallHonoursContext(t *testing.T) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Username: "admin", Password: "pw",
		Intercept: vendortest.Stall(t, "/access-tokens")})
	t.Cleanup(fake.Close) // after the stuck call is cancelled: Close waits for it
	c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, Username: "admin", Password: "pw", Domain: domain})
	if err != nil {
		t.Fatal(err)
	}
	vendortest.QueuedHonoursContext(t, func(ctx context.Context) error {
		_, err := c.Start(ctx)
		return err
	})
}
