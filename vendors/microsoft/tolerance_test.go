package microsoft_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// An answer without interval or message (both optional: RFC 8628 §3.2 and
// Entra's documentation) signs in at the RFC's 5 s default.
func TestServerOmittingOptionalMembers(t *testing.T) {
	e := setup(t, microsoft.Config{}, devicetest.Options{Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		if r.PostForm.Has("grant_type") {
			vendortest.WriteRaw(w, http.StatusOK, `{"access_token":"AT","token_type":"Bearer"}`)
		} else {
			vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": "dc-minimal", "user_code": "ABCD-EFGH",
				"verification_uri": "https://microsoft.com/devicelogin", "expires_in": 900})
		}
		return true
	}})
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fl.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if gaps := vendortest.Gaps(t0, vendortest.Polls(e.s)); len(gaps) != 1 || gaps[0] < 5*time.Second {
		t.Errorf("waits before the polls %v; want one poll ≥ 5 s after the device answer", gaps)
	}
}

// *microsoft.Error carries the engine's meaning of Entra's own code:
// authorization_declined is a refusal through it too.
func TestEntraErrorKeepsTheMeaning(t *testing.T) {
	e := setup(t, microsoft.Config{}, devicetest.Options{Intercept: always("authorization_declined", 70000, "The user declined.")})
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fl.Wait(ctx)
	var me *microsoft.Error
	if !errors.As(err, &me) || !errors.Is(me, devicecode.ErrAccessDenied) || me.Err.Code != "authorization_declined" ||
		len(me.ErrorCodes) != 1 || me.ErrorCodes[0] != 70000 {
		t.Fatalf("err = %v; want a *microsoft.Error that is ErrAccessDenied", err)
	}
	if want := "microsoft: waiting for approval: the sign-in was declined (authorization_declined, HTTP 400)"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
}
