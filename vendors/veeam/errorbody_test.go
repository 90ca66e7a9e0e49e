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
	"github.com/devicecode/devicecode/vendors/veeam"
)

// An error body sent with HTTP 200 is an error: to DeviceCode/check it
// ends the flow (it was read as "not signed in yet"), and to the consuming
// call it is not an organization added (it was a success with no ID).
// Found by internal/faultmatrix.
func TestErrorBodyWith200(t *testing.T) {
	for _, path := range []string{"/DeviceCode/check", "/Organizations"} {
		t.Run(path, func(t *testing.T) {
			clk := fakeclock.NewAuto(t0)
			srv := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: password, Intercept: func(w http.ResponseWriter, r *http.Request) bool {
				if !strings.HasSuffix(r.URL.Path, path) {
					return false
				}
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				_, _ = w.Write([]byte(`{"message":"The operation has failed.","errorCode":"OperationFailed"}`))
				return true
			}})
			t.Cleanup(srv.Close)
			srv.ApproveAfterChecks(1)
			c, err := veeam.New(veeam.Config{BaseURL: srv.URL, Username: "admin", Password: password, APIVersion: veeam.V8,
				Target: veeam.NewOrganization(veeam.RegionWorldwide)}, devicecode.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			err = signInAndAdd(context.Background(), c)
			var ve *veeam.Error
			if !errors.As(err, &ve) || ve.StatusCode != http.StatusOK || ve.ErrorCode != "OperationFailed" || devicecode.IsTransient(err) {
				t.Fatalf("got %v, want a terminal *veeam.Error with HTTP 200 and the errorCode", err)
			}
			// The first check's error body ends the flow: no second check.
			if checks := countPaths(srv.Requests(), "/DeviceCode/check"); path == "/DeviceCode/check" && checks != 1 {
				t.Errorf("%d checks sent, want the one answered with the error body", checks)
			}
		})
	}
}

// signInAndAdd runs a client's flow (its Target a NewOrganization) and
// spends the user code it yields.
func signInAndAdd(ctx context.Context, c *veeam.Client) error {
	f, err := c.Start(ctx)
	if err != nil {
		return err
	}
	out, err := f.Wait(ctx)
	if err != nil {
		return err
	}
	_, err = c.AddOrganization(ctx, veeam.NewOrganizationOptions{}, out.UserCode)
	return err
}

func countPaths(reqs []devicetest.VeeamRequest, suffix string) int {
	n := 0
	for _, r := range reqs {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}
