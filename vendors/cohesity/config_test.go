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

// TestWaitNeedsItsDomain checks that a code from another client needs
// WaitDomain, which then completes the flow.
func TestWaitNeedsItsDomain(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk})
	t.Cleanup(fake.Close)
	var clients [2]*cohesity.Client
	for i := range clients {
		c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey}, cohesity.WithClock(clk))
		if err != nil {
			t.Fatal(err)
		}
		clients[i] = c
	}
	dc, err := clients[0].Start(context.Background(), domain)
	if err != nil {
		t.Fatal(err)
	}
	_ = fake.Approve(dc.UserCode)
	if _, err := clients[1].Wait(context.Background(), dc); err == nil ||
		err.Error() != "cohesity: waiting for approval: the device code is not from this Client's Start: use WaitDomain or Resume" {
		t.Errorf("Wait = %v", err)
	}
	if tok, err := clients[1].WaitDomain(context.Background(), dc, domain); err != nil || tok.AccessToken == "" {
		t.Errorf("WaitDomain = %v, %v", tok, err)
	}
	if _, err := clients[0].Wait(context.Background(), nil); err == nil {
		t.Error("Wait(nil) succeeded")
	}
}
