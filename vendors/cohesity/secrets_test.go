package cohesity_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// TestNoSecretShown runs a login flow with a pending poll, a 503 and a
// failed call, logging everything, and checks that no API key, password,
// login token, device code, access token or client secret reaches a log
// line, an error or any fmt verb — of the Flow and its Outcome too.
func TestNoSecretShown(t *testing.T) {
	logger, logs := vendortest.Logger()
	o := devicetest.CohesityOptions{Username: "admin", Password: "pa55-word-secret", Lifetime: time.Minute,
		Script: []devicetest.Answer{devicetest.Pending, devicetest.Unavailable}}
	cfg := cohesity.Config{Username: "admin", Password: "pa55-word-secret"}
	fake, c := setup(t, o, cfg, devicecode.WithLogger(logger))
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if err := fake.Approve(dc.UserCode); err != nil {
		t.Fatal(err)
	}
	out, err := fl.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok := out.Token
	apps, err := c.CreateAzureApplications(ctx, tok, 1, "admin@"+domain, "")
	if err != nil {
		t.Fatal(err)
	}
	reg := cohesity.Registration{Username: "u", Password: "pa55-word-secret", Endpoint: domain, Apps: apps}
	_, _, expired := signIn(t, fake, c, false)
	keyed := cohesity.Config{BaseURL: fake.URL, APIKey: "api-key-secret", Domain: domain}
	session := cohesity.Config{BaseURL: fake.URL, SessionID: "session-secret"}
	kc, _ := cohesity.New(keyed)
	_, refused := kc.Start(ctx)

	shown := vendortest.Formats(cfg, keyed, session, *c, c, kc, apps, apps[0], reg, dc, fl, fl.State(), out, *out)
	shown = append(shown, logs.String(), expired.Error(), refused.Error(), fmt.Sprintf("%+v", expired))
	vendortest.NotShown(t, shown, "pa55-word-secret", "api-key-secret", "session-secret", "login-",
		dc.DeviceCode, tok.AccessToken, string(apps[0].ClientSecret))
}
