package veeam_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

func TestPoller(t *testing.T) {
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow {
		clk := fakeclock.New(t0)
		srv := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: password, Script: script})
		t.Cleanup(srv.Close)
		client := func(baseURL string, target veeam.Target) *veeam.Client {
			c, err := veeam.New(veeam.Config{BaseURL: baseURL, Username: "admin", Password: password, Target: target}, devicecode.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		// The process after a restart knows the server, not the target.
		fresh := client(srv.URL, veeam.Target{})
		otherPort, err := url.Parse(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		otherPort.Host = otherPort.Hostname() + ":1" // httptest never listens on port 1
		var approved string
		return vendortest.PollerFlow{
			Clock:  clk,
			Client: client(srv.URL, veeam.NewOrganization(veeam.RegionWorldwide)),
			Fresh:  fresh,
			Elsewhere: map[string]devicecode.Client{
				"another server": client("https://vb365.other.example.com:4443", veeam.Target{}),
				"another port":   client(otherPort.String(), veeam.Target{}),
			},
			Approve: func(code string) { approved = code; _ = srv.Approve(code) },
			Deny:    func(code string) { _ = srv.Deny(code) },
			Polls:   func() int { return checks(srv) },
			Prefix:  "veeam: waiting for approval: ",
			Done: func(t *testing.T, o *devicecode.Outcome) {
				if o.Vendor != normalize.Veeam || o.Token != nil || o.UserCode != approved {
					t.Errorf("outcome %v, want Veeam's with the approved user code %q and no token", o, approved)
				}
				// The code is what a completion step spends, here through
				// the client without a target.
				if _, err := fresh.AddOrganization(vendortest.Context(t), veeam.NewOrganizationOptions{}, o.UserCode); err != nil {
					t.Errorf("AddOrganization(%q): %v", o.UserCode, err)
				}
			},
			Denied: func(t *testing.T, err error) {
				var e *veeam.Error
				if !errors.As(err, &e) || e.StatusCode != http.StatusBadRequest {
					t.Errorf("error %v is not the server's 400 *Error", err)
				}
			},
		}
	})
}

func TestPollerRefusesOtherCodes(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{}, veeam.Config{})
	for name, st := range map[string]devicecode.State{
		"empty":        {},
		"other vendor": {DeviceCode: normalize.DeviceCode{Vendor: normalize.GitLab, DeviceCode: "x", UserCode: "ABCD"}},
		"no user code": {DeviceCode: normalize.DeviceCode{Vendor: normalize.Veeam}},
	} {
		if _, err := e.client.Resume(st); err == nil || !strings.HasPrefix(err.Error(), "veeam: waiting for approval: not a Veeam device code") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func checks(srv *devicetest.VeeamServer) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/DeviceCode/check") {
			n++
		}
	}
	return n
}
