package devicetest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// Run a Cohesity sign-in against the fake: two pending polls, then the
// person approves; the fake clock makes the 10 s of polling instant.
func ExampleNewCohesity() {
	clk := fakeclock.NewAuto(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk,
		Script: []devicetest.Answer{devicetest.Pending, devicetest.Pending}})
	defer fake.Close()
	c, _ := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey,
		Domain: "contoso.onmicrosoft.com"}, devicecode.WithClock(clk))
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = fake.Approve(fl.Prompt().UserCode)
	out, err := fl.Wait(ctx)
	fmt.Println(out.Token.AccessToken != "", err, len(fake.Requests()))
	// Output: true <nil> 4
}
