package cohesity_test

import (
	"context"
	"errors"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// A login expires after 24 hours and the cluster answers 401: the client
// logs in once more and repeats the call, so a long-lived Client keeps
// working; a password that stopped working ends in devicecode.ErrUnauthorized.
func TestReloginAfterExpiry(t *testing.T) {
	o := devicetest.CohesityOptions{Username: "admin", Password: "pw"}
	fake, c := setup(t, o, cohesity.Config{Username: "admin", Password: "pw"})
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fake.ExpireLogins()
	if err := fake.Approve(fl.Prompt().UserCode); err != nil {
		t.Fatal(err)
	}
	if _, err := fl.Wait(ctx); err != nil {
		t.Fatalf("Wait after the login expired: %v", err)
	}
	logins, refused := 0, 0
	for _, r := range fake.Requests() {
		switch {
		case r.Path == "/v2/access-tokens":
			logins++
		case r.Status == 401:
			refused++
		}
	}
	if logins != 2 || refused != 1 {
		t.Errorf("%d logins and %d refused calls, want 2 and 1", logins, refused)
	}

	// Every login refused from now on: one more try, then the 401.
	_, c2 := setup(t, devicetest.CohesityOptions{Username: "admin", Password: "other"}, cohesity.Config{Username: "admin", Password: "pw"})
	if _, err := c2.Start(ctx); !errors.Is(err, devicecode.ErrUnauthorized) {
		t.Fatalf("Start with a refused password = %v, want devicecode.ErrUnauthorized", err)
	}
}
