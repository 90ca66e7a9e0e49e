package microsoft_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
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

// *microsoft.Error carries the engine's meaning of Entra's own code:
// authorization_declined is a refusal through it too.
func TestEntraErrorKeepsTheMeaning(t *testing.T) {
	e := setup(t, microsoft.Config{})
	e.SetDecide(func(int, time.Time) (int, string) {
		return entraError("authorization_declined", 70000, "AADSTS70000: The user declined.")
	})
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx, "User.Read")
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Wait(ctx, dc)
	var me *microsoft.Error
	if !errors.As(err, &me) || !errors.Is(me, deviceflow.ErrAccessDenied) || me.Err.Code != "authorization_declined" ||
		len(me.ErrorCodes) != 1 || me.ErrorCodes[0] != 70000 {
		t.Fatalf("err = %v; want a *microsoft.Error that is ErrAccessDenied", err)
	}
	if want := "microsoft: waiting for approval: the sign-in was declined (authorization_declined, HTTP 400)"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
}
