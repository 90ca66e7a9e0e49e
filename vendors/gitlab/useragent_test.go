package gitlab_test

import (
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// Every request — device, poll, refresh — names the client: the default
// User-Agent, or the caller's.
func TestUserAgent(t *testing.T) {
	for want, opts := range map[string][]devicecode.Option{
		gitlab.DefaultUserAgent: nil,
		"backup-portal/2.1":     {devicecode.WithUserAgent("backup-portal/2.1")},
	} {
		e := setup(t, gitlab.Config{}, devicetest.Options{Person: devicetest.ApproveAfter(0)}, opts...)
		tok := signIn(t, e)
		e.clock.Advance(3 * time.Hour)
		if _, err := e.client.TokenSource(vendortest.Context(t), tok).Token(); err != nil {
			t.Fatal(err)
		}
		vendortest.UserAgents(t, want, e.s.Requests(), func(r devicetest.Request) string { return r.UserAgent }, 3)
	}
}
