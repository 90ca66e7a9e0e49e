package devicetest_test

import (
	"context"
	"fmt"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
)

// An integrator tests their own sign-in code against a fake GitLab: the
// fake clock makes the 5 s interval cost nothing, the script adds a
// pending answer, and Approve is the person in the browser.
func ExampleNewGitLab() {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewGitLab(devicetest.Options{Clock: clk, Script: []devicetest.Answer{devicetest.Pending}})
	defer fake.Close()

	// The code under test: configured with the fake's URL and client.
	c, _ := gitlab.New(gitlab.Config{BaseURL: fake.URL, ClientID: "my-app", Scopes: []string{"read_user"}},
		devicecode.WithClock(clk), devicecode.WithHTTPClient(fake.Client()))
	ctx := context.Background()
	fl, _ := c.Start(ctx)
	_ = fake.Approve(fl.Prompt().UserCode)
	out, err := fl.Wait(ctx)

	fmt.Println(out.Token.Type(), err)
	for _, r := range fake.Requests() {
		fmt.Println(r.At.Sub(t0), r.Method, r.Path, r.Status)
	}
	// Output:
	// Bearer <nil>
	// 0s POST /oauth/authorize_device 200
	// 5s POST /oauth/token 400
	// 10s POST /oauth/token 200
}
