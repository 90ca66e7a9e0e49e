package veeam_test

import (
	"context"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// Every request — probe, token, device, check, organization — names the
// client: the default User-Agent, or the caller's.
func TestUserAgent(t *testing.T) {
	for want, opts := range map[string][]devicecode.Option{
		veeam.DefaultUserAgent: nil,
		"backup-portal/2.1":    {devicecode.WithUserAgent("backup-portal/2.1")},
	} {
		e := setup(t, devicetest.VeeamOptions{}, veeam.Config{}, opts...)
		e.srv.ApproveAfterChecks(1)
		if err := signInAndAdd(context.Background(), e.client); err != nil {
			t.Fatal(err)
		}
		vendortest.UserAgents(t, want, e.srv.Requests(), func(r devicetest.VeeamRequest) string { return r.UserAgent }, 5)
	}
}
