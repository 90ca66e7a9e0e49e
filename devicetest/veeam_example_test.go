package devicetest_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// An integrator tests code that adds an organization through VB365: a v6
// server, the user signs in after two checks, and the fake clock makes the
// 5 s polls cost nothing.
func ExampleNewVeeam() {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewVeeam(devicetest.VeeamOptions{Version: "v6", Clock: clk, Password: "secret"})
	defer fake.Close()
	fake.ApproveAfterChecks(2)

	c, _ := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: "secret",
		Target: veeam.NewOrganization(veeam.RegionWorldwide)}, devicecode.WithClock(clk))
	ctx := context.Background()
	fl, _ := c.Start(ctx)
	out, _ := fl.Wait(ctx)
	_, err := c.AddOrganization(ctx, veeam.NewOrganizationOptions{}, out.UserCode)

	fmt.Println(err)
	for _, r := range fake.Requests() {
		fmt.Println(strings.TrimSpace(fmt.Sprintln(r.Method, r.Path, r.Status, r.Grant)))
	}
	// Output:
	// <nil>
	// GET /v8/ServiceInstance 404
	// GET /v7/ServiceInstance 404
	// GET /v6/ServiceInstance 401
	// POST /v6/token 200 password
	// POST /v6/DeviceCode 200
	// POST /v6/DeviceCode/check 200
	// POST /v6/DeviceCode/check 200
	// POST /v6/DeviceCode/check 200
	// POST /v6/Organizations 200
}
