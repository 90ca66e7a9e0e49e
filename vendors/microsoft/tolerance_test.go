package microsoft_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// An answer without interval or message (both optional: RFC 8628 §3.2 and
// Entra's documentation) signs in at the RFC's 5 s default.
func TestServerOmittingOptionalMembers(t *testing.T) {
	e := setup(t, microsoft.Config{})
	e.SetDevice(func(w http.ResponseWriter, _ *http.Request) bool {
		vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": testDeviceCode, "user_code": "ABCD-EFGH",
			"verification_uri": "https://microsoft.com/devicelogin", "expires_in": 900})
		return true
	})
	e.SetDecide(func(int, time.Time) (int, string) {
		return http.StatusOK, `{"access_token":"AT","token_type":"Bearer"}`
	})
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx, "User.Read")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Wait(ctx, dc); err != nil {
		t.Fatal(err)
	}
	if polls := e.PollTimes(); len(polls) != 1 || polls[0].Sub(e.IssuedAt()) < 5*time.Second {
		t.Errorf("polls at %v after the device answer at %v; want the first ≥ 5 s later", polls, e.IssuedAt())
	}
}
