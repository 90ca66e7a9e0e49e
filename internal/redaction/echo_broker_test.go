package redaction_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// echoIntercept answers the requests whose path ends in one of answers'
// keys, the nth such request with answers[suffix](w, n); others go to
// the fake.
func echoIntercept(answers map[string]func(w http.ResponseWriter, n int)) func(http.ResponseWriter, *http.Request) bool {
	var mu sync.Mutex
	counts := map[string]int{}
	return func(w http.ResponseWriter, r *http.Request) bool {
		for suffix, answer := range answers {
			if strings.HasSuffix(strings.ToLower(r.URL.Path), strings.ToLower(suffix)) {
				mu.Lock()
				counts[suffix]++
				n := counts[suffix]
				mu.Unlock()
				answer(w, n)
				return true
			}
		}
		return false
	}
}

// cohesityEcho is a Cohesity error answer echoing the secret.
func cohesityEcho(status int, code string) func(http.ResponseWriter, int) {
	return func(w http.ResponseWriter, _ int) {
		writeEcho(w, status, map[string]string{"errorCode": code, "message": echoText(false), "taskLogId": echoSecret})
	}
}

// TestCohesityEchoesMasked has the cluster echo the password, API key or
// session id (each is echoSecret in turn) in the login's refusal, the
// device request's, the polls' (a 503 and a pending answer the engine
// logs, then a 403) and the applications call's.
func TestCohesityEchoesMasked(t *testing.T) {
	ctx := context.Background()
	var logs flowLog
	newClient := func(cfg cohesity.Config, o devicetest.CohesityOptions, answers map[string]func(http.ResponseWriter, int)) *cohesity.Client {
		o.Clock, o.Lifetime, o.Intercept = fakeclock.NewAuto(t0), time.Minute, echoIntercept(answers)
		fake := devicetest.NewCohesity(o)
		t.Cleanup(fake.Close)
		cfg.BaseURL, cfg.Domain = fake.URL, domain
		c, err := cohesity.New(cfg, devicecode.WithClock(o.Clock), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	login := newClient(cohesity.Config{Username: "admin", Password: echoSecret}, devicetest.CohesityOptions{},
		map[string]func(http.ResponseWriter, int){"/access-tokens": cohesityEcho(http.StatusUnauthorized, devicetest.CohesityUnauthorized)})
	_, err := login.Start(ctx)
	echoed(t, "login refused", want(t, err, devicecode.ErrUnauthorized), false)

	keyed := newClient(cohesity.Config{APIKey: echoSecret}, devicetest.CohesityOptions{APIKey: echoSecret},
		map[string]func(http.ResponseWriter, int){"/device-code": cohesityEcho(http.StatusForbidden, devicetest.CohesityForbidden),
			"/azure-applications": cohesityEcho(http.StatusBadRequest, devicetest.CohesityInvalid)})
	_, err = keyed.Start(ctx)
	echoed(t, "device request refused", want(t, err, devicecode.ErrForbidden), false)
	_, err = keyed.CreateAzureApplications(ctx, &oauth2.Token{AccessToken: "ms-token"}, 1, "admin@"+domain, "")
	echoed(t, "applications refused", err, false)

	session := newClient(cohesity.Config{SessionID: echoSecret}, devicetest.CohesityOptions{SessionID: echoSecret},
		map[string]func(http.ResponseWriter, int){"/auth/token": func(w http.ResponseWriter, n int) {
			answer := map[int]func(http.ResponseWriter, int){1: cohesityEcho(http.StatusServiceUnavailable, ""),
				2: cohesityEcho(http.StatusBadRequest, devicetest.CohesityPendingCode)}[n]
			if answer == nil {
				answer = cohesityEcho(http.StatusForbidden, devicetest.CohesityForbidden)
			}
			answer(w, n)
		}})
	fl, err := session.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fl.Wait(ctx)
	echoed(t, "polls refused", want(t, err, devicecode.ErrForbidden), false)

	named := newClient(cohesity.Config{SessionID: echoSecret}, devicetest.CohesityOptions{SessionID: echoSecret},
		map[string]func(http.ResponseWriter, int){"/auth/token": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, duplicated(`"accessToken":"ms-token"`))
		}})
	if fl, err = named.Start(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = fl.Wait(ctx)
	echoedComposed(t, "token answer naming the secret as a member twice", err)
	logs.nonEmpty(t)
	hidden(t, "cohesity logs", logs.renderings(), echoForms(false)...)
}

// veeamEcho is a VB365 error answer echoing the password: OWIN's from the
// token endpoint, RESTExceptionInfo from the others.
func veeamEcho(status int, oauth bool) func(http.ResponseWriter, int) {
	return func(w http.ResponseWriter, _ int) {
		if oauth {
			writeEcho(w, status, map[string]string{"error": "invalid_grant", "error_description": echoText(false)})
			return
		}
		writeEcho(w, status, map[string]string{"message": echoText(false), "errorCode": "BadRequest"})
	}
}

// TestVeeamEchoesMasked has VB365 echo the password in the sign-in's
// refusal, the device request's, the checks' (a 503 the engine logs,
// then a 400) and the organization call's.
func TestVeeamEchoesMasked(t *testing.T) {
	ctx := context.Background()
	var logs flowLog
	newClient := func(answers map[string]func(http.ResponseWriter, int)) *veeam.Client {
		clk := fakeclock.NewAuto(t0)
		fake := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: echoSecret, Intercept: echoIntercept(answers)})
		t.Cleanup(fake.Close)
		c, err := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: echoSecret, Target: veeam.NewOrganization("")},
			devicecode.WithClock(clk), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	refused := newClient(map[string]func(http.ResponseWriter, int){"/token": veeamEcho(http.StatusBadRequest, true)})
	_, err := refused.Start(ctx)
	echoed(t, "sign-in refused", want(t, err, devicecode.ErrUnauthorized), false)

	device := newClient(map[string]func(http.ResponseWriter, int){"/DeviceCode": veeamEcho(http.StatusBadRequest, false),
		"/Organizations": veeamEcho(http.StatusBadRequest, false)})
	_, err = device.Start(ctx)
	echoed(t, "device request refused", err, false)
	_, err = device.AddOrganization(ctx, veeam.NewOrganizationOptions{}, "user-code")
	echoed(t, "organization refused", err, false)

	check := newClient(map[string]func(http.ResponseWriter, int){"/DeviceCode/check": func(w http.ResponseWriter, n int) {
		veeamEcho(map[bool]int{true: http.StatusServiceUnavailable, false: http.StatusBadRequest}[n == 1], false)(w, n)
	}})
	fl, err := check.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fl.Wait(ctx)
	var ve *veeam.Error
	if !errors.As(err, &ve) || ve.StatusCode != http.StatusBadRequest {
		t.Fatalf("err = %v, want the check's 400", err)
	}
	echoed(t, "checks refused", err, false)

	named := newClient(map[string]func(http.ResponseWriter, int){"/DeviceCode/check": func(w http.ResponseWriter, _ int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, duplicated(`"authenticated":false`))
	}})
	if fl, err = named.Start(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = fl.Wait(ctx)
	echoedComposed(t, "check answer naming the secret as a member twice", err)
	logs.nonEmpty(t)
	hidden(t, "veeam logs", logs.renderings(), echoForms(false)...)
}
