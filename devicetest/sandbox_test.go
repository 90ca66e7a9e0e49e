package devicetest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// sandboxClients are the four vendors' clients on the sandbox (with
// opts): one contract, nothing vendor-specific past the configuration.
// The Cohesity and Veeam flows send the person to the sandbox's Microsoft
// page, on a host their clients must be told to trust.
func sandboxClients(t *testing.T, sb *devicetest.Sandbox, opts ...devicecode.Option) map[normalize.Vendor]devicecode.Client {
	u, err := url.Parse(sb.URL)
	if err != nil {
		t.Fatal(err)
	}
	trust := append([]devicecode.Option{devicecode.WithVerificationHosts(u.Hostname())}, opts...)
	gl, err1 := gitlab.New(gitlab.Config{BaseURL: sb.URLs[normalize.GitLab], ClientID: "app", Scopes: []string{"read_user"}}, opts...)
	ms, err2 := microsoft.New(microsoft.Config{Tenant: "organizations", ClientID: "app", AuthorityHost: sb.URLs[normalize.Microsoft],
		Scopes: []string{"User.Read"}}, opts...)
	co, err3 := cohesity.New(cohesity.Config{BaseURL: sb.URLs[normalize.Cohesity], APIKey: devicetest.CohesityAPIKey,
		Domain: "contoso.onmicrosoft.com"}, trust...)
	ve, err4 := veeam.New(veeam.Config{BaseURL: sb.URLs[normalize.Veeam], Username: devicetest.SandboxVeeamUser,
		Password: devicetest.SandboxVeeamPassword, Target: veeam.NewOrganization(veeam.RegionWorldwide)}, trust...)
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return map[normalize.Vendor]devicecode.Client{normalize.GitLab: gl, normalize.Microsoft: ms, normalize.Cohesity: co, normalize.Veeam: ve}
}

// The sandbox serves every vendor's fake on one address; a person decides
// through its HTTP hook, as `devicecode sandbox approve` does.
func TestSandbox(t *testing.T) {
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for v, c := range sandboxClients(t, sb) {
		wg.Go(func() {
			fl, err := c.Start(ctx)
			if err != nil {
				t.Errorf("%s: %v", v, err)
				return
			}
			resp, err := http.PostForm(sb.URL+"/devicetest/approve", url.Values{"user_code": {fl.Prompt().UserCode}})
			if err != nil || resp.StatusCode != http.StatusNoContent {
				t.Errorf("%s: approve: %v %v", v, resp, err)
				return
			}
			resp.Body.Close()
			if out, err := fl.Wait(ctx); err != nil || out.Vendor != v {
				t.Errorf("%s: %v, %v", v, out, err)
			}
		})
	}
	wg.Wait()
	if err := sb.Approve("NOPE-NOPE"); err == nil {
		t.Error("an unknown code was approved")
	}
	if _, err := devicetest.NewSandbox("0.0.0.0:0", devicetest.Options{}); err == nil {
		t.Error("a sandbox on every interface was allowed")
	}
}

// Deny through the hook declines, and never approves first (a poll
// between the two would have got the token).
func TestSandboxDeny(t *testing.T) {
	sb, err := devicetest.NewSandbox("127.0.0.1:0", devicetest.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	gl, _ := gitlab.New(gitlab.Config{BaseURL: sb.URLs[normalize.GitLab], ClientID: "app"})
	fl, err := gl.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	resp, err := http.PostForm(sb.URL+"/devicetest/deny", url.Values{"user_code": {strings.ToLower(dc.UserCode)}})
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("deny: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := fl.Wait(ctx); !errors.Is(err, devicecode.ErrAccessDenied) {
		t.Fatalf("Wait = %v, want ErrAccessDenied", err)
	}
}

// The brokered vendors' fakes take a person's decision over HTTP too, when
// they run on their own.
func TestBrokeredFakeHooks(t *testing.T) {
	co := devicetest.NewCohesity(devicetest.CohesityOptions{})
	defer co.Close()
	ve := devicetest.NewVeeam(devicetest.VeeamOptions{})
	defer ve.Close()
	for _, base := range []string{co.URL, ve.URL} {
		resp, err := http.PostForm(base+"/devicetest/approve", url.Values{"user_code": {"NOPE-NOPE"}})
		if err != nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: unknown code: %v %v", base, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
	c, _ := cohesity.New(cohesity.Config{BaseURL: co.URL, APIKey: devicetest.CohesityAPIKey, Domain: "contoso.onmicrosoft.com"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	resp, err := http.PostForm(co.URL+"/devicetest/approve", url.Values{"user_code": {dc.UserCode}})
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("approve: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := fl.Wait(ctx); err != nil {
		t.Fatal(err)
	}
}
