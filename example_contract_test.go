package devicecode_test

import (
	"context"
	"fmt"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// One function signs in with each of the four vendors, here their
// devicetest fakes on a fake clock. The person who reads each prompt
// approves the code at once; a real Prompter shows it (TextPrompter).
// What the vendor's request needs (scopes, the Microsoft 365 domain,
// Veeam's target) is the client's configuration.
func ExampleSignIn() {
	ctx := context.Background()
	clk := fakeclock.NewAuto(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))

	gl := devicetest.NewGitLab(devicetest.Options{Clock: clk})
	defer gl.Close()
	ms := devicetest.NewMicrosoft(devicetest.Options{Clock: clk})
	defer ms.Close()
	co := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk})
	defer co.Close()
	vb := devicetest.NewVeeam(devicetest.VeeamOptions{Clock: clk, Password: "secret"})
	defer vb.Close()

	type vendor struct {
		client  devicecode.Client
		err     error
		approve func(userCode string) error
	}
	vendors := []func() vendor{
		func() vendor {
			c, err := gitlab.New(gitlab.Config{BaseURL: gl.URL, ClientID: "app", Scopes: []string{"read_user"}},
				devicecode.WithClock(clk))
			return vendor{c, err, gl.Approve}
		},
		func() vendor {
			c, err := microsoft.New(microsoft.Config{AuthorityHost: ms.URL, Tenant: microsoft.TenantOrganizations,
				ClientID: "00000000-0000-0000-0000-000000000000", Scopes: []string{"User.Read"}}, devicecode.WithClock(clk))
			return vendor{c, err, ms.Approve}
		},
		func() vendor {
			c, err := cohesity.New(cohesity.Config{BaseURL: co.URL, APIKey: devicetest.CohesityAPIKey,
				Domain: "contoso.onmicrosoft.com"}, devicecode.WithClock(clk))
			return vendor{c, err, co.Approve}
		},
		func() vendor {
			c, err := veeam.New(veeam.Config{BaseURL: vb.URL, Username: "admin", Password: "secret",
				Target: veeam.NewOrganization(veeam.RegionWorldwide)}, devicecode.WithClock(clk))
			return vendor{c, err, vb.Approve}
		},
	}
	for _, build := range vendors {
		v := build()
		if v.err != nil {
			fmt.Println(v.err)
			continue
		}
		person := devicecode.PrompterFunc(func(_ context.Context, p devicecode.Prompt) error {
			return v.approve(p.UserCode)
		})
		out, err := devicecode.SignIn(ctx, v.client, person)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: signed in (token: %t, user code for the server's next steps: %t)\n",
			out.Vendor, out.Token != nil, out.UserCode != "")
	}
	// Output:
	// gitlab: signed in (token: true, user code for the server's next steps: false)
	// microsoft: signed in (token: true, user code for the server's next steps: false)
	// cohesity: signed in (token: true, user code for the server's next steps: false)
	// veeam: signed in (token: false, user code for the server's next steps: true)
}
