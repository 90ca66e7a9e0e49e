package veeam_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// A flow started by one client and saved as JSON is finished by a second
// client built afterwards with no Target, whatever the target was: the
// check needs only the user code, which the State carries. Its outcome is
// the approved user code, which that client then spends.
func TestResumeByAnotherClientWithoutTarget(t *testing.T) {
	for _, target := range []veeam.Target{
		veeam.NewOrganization(veeam.RegionWorldwide),
		veeam.ExistingOrganization(orgID),
		veeam.RestoreSession(sessionID),
		veeam.AzureServiceAccount(veeam.AzureGlobal, "contoso.onmicrosoft.com"),
	} {
		t.Run(target.String(), func(t *testing.T) {
			e := setup(t, devicetest.VeeamOptions{}, veeam.Config{Target: target})
			ctx := context.Background()
			f, err := e.client.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			row, err := json.Marshal(f.State())
			if err != nil {
				t.Fatal(err)
			}

			var st devicecode.State
			if err := json.Unmarshal(row, &st); err != nil {
				t.Fatal(err)
			}
			second, err := veeam.New(veeam.Config{BaseURL: e.srv.URL, Username: "admin", Password: password},
				devicecode.WithClock(e.clock), devicecode.WithUserAgent("second"))
			if err != nil {
				t.Fatal(err)
			}
			g, err := second.Resume(st)
			if err != nil {
				t.Fatal(err)
			}
			code := f.Prompt().UserCode
			if err := e.srv.Approve(code); err != nil {
				t.Fatal(err)
			}
			out, err := g.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if out.Vendor != normalize.Veeam || out.UserCode != code || out.Token != nil {
				t.Fatalf("outcome %v, want Veeam's with the approved user code %q and no token", out, code)
			}
			var checks int
			for _, r := range e.srv.Requests() {
				if strings.HasSuffix(r.Path, "/DeviceCode/check") {
					checks++
					if r.UserAgent != "second" {
						t.Errorf("a check came from the first client: %+v", r)
					}
				}
			}
			if checks == 0 {
				t.Error("no check sent")
			}

			switch target {
			case veeam.NewOrganization(veeam.RegionWorldwide):
				if _, err := second.AddOrganization(ctx, veeam.NewOrganizationOptions{}, out.UserCode); err != nil {
					t.Fatalf("AddOrganization: %v", err)
				}
			case veeam.ExistingOrganization(orgID):
				if _, err := second.CreateApplications(ctx, orgID, "VB365 backup", out.UserCode, 1); err != nil {
					t.Fatalf("CreateApplications: %v", err)
				}
			default:
				return // spent by calls outside this package
			}
			if c := e.srv.Consumed(); len(c) != 1 || c[0] != code {
				t.Errorf("consumed %v, want the approved code", c)
			}
		})
	}
}

// A client without a Target resumes flows and spends codes, but Start
// refuses: an empty request would ask the server for nothing.
func TestStartWithoutTarget(t *testing.T) {
	e := setup(t, devicetest.VeeamOptions{}, veeam.Config{})
	c, err := veeam.New(veeam.Config{BaseURL: e.srv.URL, Username: "admin", Password: password})
	if err != nil {
		t.Fatalf("New without a Target: %v", err)
	}
	_, err = c.Start(context.Background())
	var ce *veeam.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Target" {
		t.Fatalf("Start = %v, want a *ConfigError for Target", err)
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}
