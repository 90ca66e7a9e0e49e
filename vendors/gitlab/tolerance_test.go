package gitlab_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/devicecode/devicecode/deviceflow"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// An RFC 8628 server that omits every optional member (interval,
// verification_uri_complete) signs in, polling at the RFC's 5 s default.
func TestServerOmittingOptionalMembers(t *testing.T) {
	e := setup(t, gitlab.Config{})
	e.SetDevice(func(w http.ResponseWriter, _ *http.Request) bool {
		vendortest.WriteJSON(w, http.StatusOK, map[string]any{"device_code": testDeviceCode, "user_code": testUserCode,
			"verification_uri": e.HTTP.URL + basePath + gitlab.VerificationPath, "expires_in": 300})
		return true
	})
	e.SetDecide(func(int, time.Time) (int, string) {
		return http.StatusOK, `{"access_token":"glpat-ACCESS","token_type":"bearer"}`
	})
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.client.Wait(ctx, dc)
	if err != nil || tok.Type() != "Bearer" || !tok.Expiry.IsZero() {
		t.Fatalf("Wait = %+v, %v", tok, err)
	}
	if polls := e.PollTimes(); len(polls) != 1 || polls[0].Sub(e.IssuedAt()) < 5*time.Second {
		t.Errorf("polls at %v after the device answer at %v; want the first ≥ 5 s later", polls, e.IssuedAt())
	}
}

// A member sent twice is refused wherever it comes: in the device answer
// (naming the member) and in the token answer.
func TestDuplicateMembersRefused(t *testing.T) {
	e := setup(t, gitlab.Config{})
	e.SetDevice(func(w http.ResponseWriter, _ *http.Request) bool {
		vendortest.WriteRaw(w, http.StatusOK, `{"device_code":"`+testDeviceCode+`","user_code":"ABCD","user_code":"EVIL",`+
			`"verification_uri":"`+e.HTTP.URL+`/oauth/device","expires_in":300}`)
		return true
	})
	_, err := e.client.Start(vendortest.Context(t))
	var ne *normalize.Error
	if !errors.As(err, &ne) || len(ne.Problems) != 1 || ne.Problems[0].Field != "/user_code" {
		t.Fatalf("Start = %v, want a *normalize.Error naming /user_code", err)
	}

	e = setup(t, gitlab.Config{})
	e.SetDecide(func(int, time.Time) (int, string) {
		return http.StatusOK, `{"access_token":"glpat-ACCESS","access_token":"EVIL","token_type":"Bearer"}`
	})
	ctx := vendortest.Context(t)
	dc, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Wait(ctx, dc); !errors.Is(err, deviceflow.ErrInvalidResponse) {
		t.Fatalf("Wait = %v, want ErrInvalidResponse for a duplicate access_token", err)
	} else {
		t.Log(err)
	}
}
