package cohesity_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// domains records the Microsoft 365 domain of each device-code and token
// request a client sends, from the JSON body as it leaves the client.
type domains struct {
	mu            sync.Mutex
	device, token []string
}

func (d *domains) RoundTrip(r *http.Request) (*http.Response, error) {
	var list *[]string
	switch r.URL.Path {
	case devicePath:
		list = &d.device
	case tokenPath:
		list = &d.token
	}
	if list != nil && r.GetBody != nil {
		b, err := r.GetBody()
		if err != nil {
			return nil, err
		}
		var body struct {
			Domain *string `json:"domain"`
		}
		if err := json.NewDecoder(b).Decode(&body); err != nil {
			return nil, err
		}
		d.mu.Lock()
		*list = append(*list, "<none>")
		if body.Domain != nil {
			(*list)[len(*list)-1] = *body.Domain
		}
		d.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (d *domains) sent() (device, token []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.device...), append([]string(nil), d.token...)
}

// onlyDomain reports whether every one of sent is want, and there is one.
func onlyDomain(sent []string, want string) bool {
	for _, s := range sent {
		if s != want {
			return false
		}
	}
	return len(sent) > 0
}

// TestResumeInAFreshClient: a flow started by one Client and saved as
// JSON is finished by another, built afresh for the same cluster and told
// no domain — or another one — whose token requests carry the flow's
// domain, which the State brought.
func TestResumeInAFreshClient(t *testing.T) {
	for name, cfg := range map[string]cohesity.Config{
		"told no domain":      {},
		"told another domain": {Domain: "fabrikam.onmicrosoft.com"},
	} {
		t.Run(name, func(t *testing.T) {
			clk := fakeclock.NewAuto(t0)
			fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Script: []devicetest.Answer{devicetest.Pending}})
			t.Cleanup(fake.Close)
			ctx := context.Background()
			first, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey, Domain: domain},
				devicecode.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			fl, err := first.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			saved, err := json.Marshal(fl.State())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(saved), `"tenant":"`+domain+`"`) {
				t.Errorf("the saved State does not name the domain: %s", saved)
			}

			var st devicecode.State
			if err := json.Unmarshal(saved, &st); err != nil {
				t.Fatal(err)
			}
			rec := &domains{}
			cfg.BaseURL, cfg.APIKey = fake.URL, devicetest.CohesityAPIKey
			second, err := cohesity.New(cfg, devicecode.WithClock(clk), devicecode.WithHTTPClient(&http.Client{Transport: rec}))
			if err != nil {
				t.Fatal(err)
			}
			resumed, err := second.Resume(st)
			if err != nil {
				t.Fatal(err)
			}
			if err := fake.Approve(resumed.Prompt().UserCode); err != nil {
				t.Fatal(err)
			}
			out, err := resumed.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if out.Token == nil || out.Token.AccessToken == "" {
				t.Errorf("outcome = %v, want a token", out)
			}
			device, token := rec.sent()
			if len(device) != 0 || len(token) != 2 || !onlyDomain(token, domain) {
				t.Errorf("the resuming client asked for %d codes and sent token requests for %q; want none and 2 for %s", len(device), token, domain)
			}
			if n := len(polls(fake)); n != 2 {
				t.Errorf("%d polls, want 2 (pending, then the token)", n)
			}
		})
	}
}

// TestDomainOneSpelling: Start sends Config.Domain in lower case, as the
// State keeps it, so that the flow polls with the spelling its code was
// asked for whichever Client finishes it (the fake, as a strict cluster
// might, knows a code only with its domain as sent).
func TestDomainOneSpelling(t *testing.T) {
	rec := &domains{}
	fake, c := setup(t, devicetest.CohesityOptions{}, cohesity.Config{Domain: "Contoso.OnMicrosoft.COM"},
		devicecode.WithHTTPClient(&http.Client{Transport: rec}))
	fl, err := c.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := fl.State().Origin.Tenant; got != domain {
		t.Errorf("the State's tenant is %q, want %q", got, domain)
	}
	_ = fake.Approve(fl.Prompt().UserCode)
	if _, err := fl.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	device, token := rec.sent()
	if !onlyDomain(device, domain) || !onlyDomain(token, domain) {
		t.Errorf("sent the domains %q (code) and %q (token), want %s", device, token, domain)
	}
}
