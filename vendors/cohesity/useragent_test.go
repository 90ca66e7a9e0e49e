package cohesity_test

import (
	"context"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// Every request — login, device, poll, applications — names the client:
// the default User-Agent, or the caller's.
func TestUserAgent(t *testing.T) {
	for want, opts := range map[string][]devicecode.Option{
		cohesity.DefaultUserAgent: nil,
		"backup-portal/2.1":       {devicecode.WithUserAgent("backup-portal/2.1")},
	} {
		fake, c := setup(t, devicetest.CohesityOptions{Username: "admin", Password: "pw", Person: devicetest.ApproveAfter(0)},
			cohesity.Config{Username: "admin", Password: "pw"}, opts...)
		_, tok, err := signIn(t, fake, c, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateAzureApplications(context.Background(), tok, 1, "admin@"+domain, cohesity.RegionWorldwide); err != nil {
			t.Fatal(err)
		}
		vendortest.UserAgents(t, want, fake.Requests(), func(r devicetest.CohesityRequest) string { return r.UserAgent }, 4)
	}
}
