package cohesity_test

import (
	"context"

	"errors"
	"testing"

	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"

	"github.com/devicecode/devicecode/vendors/cohesity"
)

func TestConfigErrors(t *testing.T) {
	const base = "https://cluster.example.com"
	tests := []struct {
		name  string
		cfg   cohesity.Config
		field string
	}{
		{"no base URL", cohesity.Config{APIKey: "k"}, "BaseURL"},
		{"plain http", cohesity.Config{BaseURL: "http://cluster.example.com", APIKey: "k"}, "BaseURL"},
		{"no credential", cohesity.Config{BaseURL: base}, "APIKey"},
		{"two credentials", cohesity.Config{BaseURL: base, APIKey: "k", SessionID: "s"}, "APIKey"},
		{"password without user", cohesity.Config{BaseURL: base, Password: "p"}, "Username"},
		{"user without password", cohesity.Config{BaseURL: base, Username: "u"}, "Password"},
		{"CA file without PEM", cohesity.Config{BaseURL: base, APIKey: "k", CAPEM: []byte("nope")}, "CAPEM/Pins"},
		{"bad pin", cohesity.Config{BaseURL: base, APIKey: "k", Pins: []string{"zz"}}, "CAPEM/Pins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cohesity.New(tt.cfg)
			var ce *cohesity.ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Errorf("err = %v, want a ConfigError for %s", err, tt.field)
			}
		})
	}
}

// TestBaseURL checks that /v2 is added once, whether or not it was typed.
func TestBaseURL(t *testing.T) {
	for _, in := range []string{"https://c.example.com", "https://c.example.com/", "https://c.example.com/v2", "https://c.example.com/v2/"} {
		c, err := cohesity.New(cohesity.Config{BaseURL: in, APIKey: "k"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.String(), "cohesity.Client{BaseURL:https://c.example.com/v2 Auth:apiKey}"; got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// TestStartNeedsADomain: a Client may be built without a Domain (to
// Resume flows, or for the completion steps), but Start refuses to ask
// for a code without one, before any request.
func TestStartNeedsADomain(t *testing.T) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: fakeclock.NewAuto(t0)})
	t.Cleanup(fake.Close)
	c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey})
	if err != nil {
		t.Fatal(err)
	}
	fl, err := c.Start(context.Background())
	var ce *cohesity.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Domain" || fl != nil ||
		err.Error() != "cohesity: invalid config: Domain is empty: Start asks for a device code for a Microsoft 365 domain, e.g. contoso.onmicrosoft.com" {
		t.Errorf("Start = %v, %v; want a ConfigError for Domain", fl, err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
