package microsoft_test

import (
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// Every request — device, poll, refresh — names the client: the default
// User-Agent, or the caller's.
func TestUserAgent(t *testing.T) {
	for want, opts := range map[string][]devicecode.Option{
		microsoft.DefaultUserAgent: nil,
		"backup-portal/2.1":        {devicecode.WithUserAgent("backup-portal/2.1")},
	} {
		e := setup(t, microsoft.Config{Scopes: []string{"User.Read", "offline_access"}}, devicetest.Options{Person: devicetest.ApproveAfter(0)}, opts...)
		ctx := vendortest.Context(t)
		fl, err := e.client.Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := waitToken(ctx, fl)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(3 * time.Hour)
		if _, err := e.client.TokenSource(ctx, tok).Token(); err != nil {
			t.Fatal(err)
		}
		vendortest.UserAgents(t, want, e.s.Requests(), func(r devicetest.Request) string { return r.UserAgent }, 3)
	}
}
