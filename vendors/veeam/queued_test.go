package veeam_test

import (
	"context"
	"testing"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// A call waiting for another's sign-in (or version probe) to VB365 gives
// up when its own context ends.
func TestQueuedCallHonoursContext(t *testing.T) {
	for _, stalled := range []string{"/token", "/ServiceInstance"} {
		t.Run(stalled, func(t *testing.T) {
			fake := devicetest.NewVeeam(devicetest.VeeamOptions{Intercept: vendortest.Stall(t, stalled)})
			t.Cleanup(fake.Close) // after the stuck call is cancelled: Close waits for it
			c, err := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: "password",
				Target: veeam.NewOrganization(veeam.RegionWorldwide)})
			if err != nil {
				t.Fatal(err)
			}
			vendortest.QueuedHonoursContext(t, func(ctx context.Context) error {
				_, err := c.Start(ctx)
				return err
			})
		})
	}
}
