package devicetest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
)

// brokered is a Cohesity or Veeam fake as the decision tests drive it:
// issue a code, decide it, and ask what the appliance's poll now answers.
type brokered struct {
	issue         func(t *testing.T) string
	approve, deny func(string) error
	poll          func(t *testing.T, userCode string) string // "token", "denied" or "pending"
}

// TestBrokeredDecideOnce: the Cohesity and Veeam fakes take a code once,
// as Microsoft does — after a decision or a completed sign-in, approving
// or denying it again is ErrUsedUserCode; past its lifetime it is
// ErrExpiredUserCode; the code matches in any case.
func TestBrokeredDecideOnce(t *testing.T) {
	for name, setup := range map[string]func(*testing.T, *fakeclock.Clock) brokered{
		"cohesity": cohesityBrokered, "veeam": veeamBrokered,
	} {
		t.Run(name, func(t *testing.T) {
			clk := fakeclock.New(t0)
			b := setup(t, clk)
			uc := b.issue(t)
			if err := b.approve(strings.ToLower(uc)); err != nil {
				t.Fatalf("Approve = %v", err)
			}
			for _, again := range []func(string) error{b.approve, b.deny} {
				if err := again(uc); !errors.Is(err, devicetest.ErrUsedUserCode) {
					t.Errorf("deciding an approved code again: %v", err)
				}
			}
			if got := b.poll(t, uc); got != "token" {
				t.Errorf("poll after Approve: %s", got)
			}
			if err := b.approve(uc); !errors.Is(err, devicetest.ErrUsedUserCode) {
				t.Errorf("approving a completed sign-in's code: %v", err)
			}

			denied := b.issue(t)
			if err := b.deny(denied); err != nil {
				t.Fatalf("Deny = %v", err)
			}
			if err := b.approve(denied); !errors.Is(err, devicetest.ErrUsedUserCode) {
				t.Errorf("approving a denied code: %v", err)
			}
			if got := b.poll(t, denied); got != "denied" {
				t.Errorf("poll after Deny: %s", got)
			}

			late := b.issue(t)
			clk.Advance(time.Hour)
			if err := b.approve(late); !errors.Is(err, devicetest.ErrExpiredUserCode) {
				t.Errorf("approving an expired code: %v", err)
			}
			if err := b.approve("NOPE-NOPE"); !errors.Is(err, devicetest.ErrUnknownUserCode) {
				t.Errorf("approving a code never issued: %v", err)
			}
		})
	}
}

func cohesityBrokered(t *testing.T, clk *fakeclock.Clock) brokered {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk})
	t.Cleanup(fake.Close)
	dcs := map[string]string{} // user code → device code
	call := func(t *testing.T, path string, body any) (int, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, fake.URL+"/v2/data-protect/sources/microsoft365/auth/"+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("apiKey", devicetest.CohesityAPIKey)
		return doJSON(t, fake.Client(), req)
	}
	return brokered{
		issue: func(t *testing.T) string {
			_, body := call(t, "device-code", map[string]string{"domain": "contoso.onmicrosoft.com"})
			uc, _ := body["userCode"].(string)
			dcs[uc], _ = body["deviceCode"].(string)
			return uc
		},
		approve: fake.Approve, deny: fake.Deny,
		poll: func(t *testing.T, uc string) string {
			status, body := call(t, "token", map[string]string{"domain": "contoso.onmicrosoft.com", "deviceCode": dcs[uc]})
			switch {
			case status == http.StatusCreated:
				return "token"
			case body["errorCode"] == devicetest.CohesityDeniedCode:
				return "denied"
			}
			return "pending"
		},
	}
}

func veeamBrokered(t *testing.T, clk *fakeclock.Clock) brokered {
	fake := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk})
	t.Cleanup(fake.Close)
	token := func(t *testing.T) string {
		req, _ := http.NewRequest(http.MethodPost, fake.URL+"/v8/token",
			strings.NewReader("grant_type=password&username=admin&password=password"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_, body := doJSON(t, fake.Client(), req)
		s, _ := body["access_token"].(string)
		return s
	}
	call := func(t *testing.T, path string, body any) (int, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, fake.URL+"/v8/"+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token(t))
		return doJSON(t, fake.Client(), req)
	}
	return brokered{
		issue: func(t *testing.T) string {
			_, body := call(t, "DeviceCode", map[string]string{"targetRegion": "Worldwide"})
			uc, _ := body["userCode"].(string)
			return uc
		},
		approve: fake.Approve, deny: fake.Deny,
		poll: func(t *testing.T, uc string) string {
			status, body := call(t, "DeviceCode/check", map[string]string{"userCode": uc})
			switch {
			case body["authenticated"] == true:
				return "token"
			case status == http.StatusBadRequest && body["message"] == devicetest.VeeamDeclinedMessage:
				return "denied"
			}
			return "pending"
		},
	}
}

func doJSON(t *testing.T, hc *http.Client, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}
