package gitlab_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// An RFC 8628 server that omits every optional member (interval,
// verification_uri_complete; expires_in and scope of the token) signs in,
// polling at the RFC's 5 s default.
func TestServerOmittingOptionalMembers(t *testing.T) {
	var e *env
	e = setup(t, gitlab.Config{}, devicetest.Options{Intercept: func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case gitlab.DeviceAuthorizationPath:
			vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": "dc-minimal", "user_code": "ABCD-EFGH",
				"verification_uri": e.s.URL + gitlab.VerificationPath, "expires_in": 300})
		case gitlab.TokenPath:
			vendortest.WriteRaw(w, http.StatusOK, `{"access_token":"glpat-ACCESS","token_type":"bearer"}`)
		default:
			return false
		}
		return true
	}})
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := waitToken(ctx, fl)
	if err != nil || tok.Type() != "Bearer" || !tok.Expiry.IsZero() {
		t.Fatalf("Wait = %+v, %v", tok, err)
	}
	if gaps := vendortest.Gaps(t0, vendortest.Polls(e.s)); len(gaps) != 1 || gaps[0] < 5*time.Second {
		t.Errorf("waits before the polls %v; want one poll ≥ 5 s after the device answer", gaps)
	}
}

// A member sent twice is refused wherever it comes: in the device answer
// (naming the member) and in the token answer.
func TestDuplicateMembersRefused(t *testing.T) {
	var e *env
	e = setup(t, gitlab.Config{}, devicetest.Options{Intercept: onDevice(func(w http.ResponseWriter, _ *http.Request) {
		vendortest.WriteRaw(w, http.StatusOK, `{"device_code":"dc-1","user_code":"ABCD","user_code":"EVIL",`+
			`"verification_uri":"`+e.s.URL+`/oauth/device","expires_in":300}`)
	})})
	_, err := e.client.Start(vendortest.Context(t))
	var ne *normalize.Error
	if !errors.As(err, &ne) || len(ne.Problems) != 1 || ne.Problems[0].Field != "/user_code" {
		t.Fatalf("Start = %v, want a *normalize.Error naming /user_code", err)
	}

	e = setup(t, gitlab.Config{}, devicetest.Options{Intercept: onPoll(func(w http.ResponseWriter, _ int) bool {
		vendortest.WriteRaw(w, http.StatusOK, `{"access_token":"glpat-ACCESS","access_token":"EVIL","token_type":"Bearer"}`)
		return true
	})})
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fl.Wait(ctx); !errors.Is(err, devicecode.ErrInvalidResponse) {
		t.Fatalf("Wait = %v, want ErrInvalidResponse for a duplicate access_token", err)
	} else {
		t.Log(err)
	}
}
