package veeam_test

import (
	"context"
	"errors"
	"net/http"
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
	vendortest.CheckPoller(t, func(t *testing.T, script []devicetest.Answer) vendortest.PollerFlow[string] {
		clk := fakeclock.New(t0)
		srv := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: password, Script: script})
		t.Cleanup(srv.Close)
		var clients [2]*veeam.Client // the second: the process after a restart
		for i := range clients {
			c, err := veeam.New(veeam.Config{BaseURL: srv.URL, Username: "admin", Password: password}, veeam.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			clients[i] = c
		}
		other, err := veeam.New(veeam.Config{BaseURL: "https://vb365.other.example.com:4443", Username: "admin", Password: password}, veeam.WithClock(clk))
		if err != nil {
			t.Fatal(err)
		}
		return vendortest.PollerFlow[string]{
			Elsewhere: map[string]func(devicecode.State) (*devicecode.Poller[string], error){"another server": other.Resume},
			Clock:     clk,
			Start: func(ctx context.Context) (*normalize.DeviceCode, error) {
				return clients[0].Start(ctx, veeam.NewOrganization(veeam.Worldwide))
			},
			Poller:  clients[0].Poller,
			Resume:  clients[1].Resume,
			Approve: srv.Approve,
			Deny:    srv.Deny,
			Polls:   func() int { return checks(srv) },
			Prefix:  "veeam: waiting for approval: ",
			Done: func(t *testing.T, userCode string) {
				// What Wait yields: the code to spend, here through the
				// restarted client too.
				if _, err := clients[1].AddOrganization(vendortest.Context(t), veeam.NewOrganizationOptions{}, userCode); err != nil {
					t.Errorf("AddOrganization(%q): %v", userCode, err)
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
	other := normalize.DeviceCode{Vendor: normalize.GitLab, DeviceCode: "x", UserCode: "ABCD"}
	_, perr := e.client.Poller(&other)
	_, rerr := e.client.Resume(devicecode.State{DeviceCode: other})
	for _, err := range []error{perr, rerr} {
		if err == nil || !strings.HasPrefix(err.Error(), "veeam: waiting for approval: not a Veeam device code") {
			t.Errorf("err = %v", err)
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
