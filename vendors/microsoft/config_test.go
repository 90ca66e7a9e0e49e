package microsoft_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

func TestNewTenants(t *testing.T) {
	tests := []struct {
		tenant string
		ok     bool
	}{
		{"common", true}, {"organizations", true}, {"consumers", true}, {"Common", true},
		{"72f988bf-86f1-41af-91ab-2d7cd011db47", true}, {"contoso.onmicrosoft.com", true}, {"contoso.com", true},
		{"", false}, {"contoso", false}, {"../common", false}, {"common/oauth2", false}, {"contoso.com?x=1", false},
		{"-contoso.com", false}, {"contoso..com", false}, {"72f988bf-86f1-41af-91ab", false}, {"con toso.com", false},
	}
	for _, tt := range tests {
		_, err := microsoft.New(microsoft.Config{Tenant: tt.tenant, ClientID: testClientID})
		var ce *microsoft.ConfigError
		switch {
		case tt.ok && err != nil:
			t.Errorf("tenant %q: %v", tt.tenant, err)
		case !tt.ok && (!errors.As(err, &ce) || ce.Field != "Tenant"):
			t.Errorf("tenant %q: err = %v, want a *ConfigError on Tenant", tt.tenant, err)
		}
	}
}

func TestNewRejectsConfig(t *testing.T) {
	base := microsoft.Config{Tenant: "common", ClientID: testClientID}
	with := func(f func(*microsoft.Config)) microsoft.Config { c := base; f(&c); return c }
	tests := []struct {
		name  string
		cfg   microsoft.Config
		field string
	}{
		{"http authority on a public host", with(func(c *microsoft.Config) { c.AuthorityHost = "http://login.microsoftonline.com" }), "AuthorityHost"},
		{"authority with user info", with(func(c *microsoft.Config) { c.AuthorityHost = "https://login.microsoftonline.com@evil.example" }), "AuthorityHost"},
		{"relative authority", with(func(c *microsoft.Config) { c.AuthorityHost = "login.microsoftonline.com" }), "AuthorityHost"},
		{"no client id", with(func(c *microsoft.Config) { c.ClientID = "" }), "ClientID"},
		{"secret without a style", with(func(c *microsoft.Config) { c.ClientSecret = testSecret }), "AuthStyle"},
		{"style without a secret", with(func(c *microsoft.Config) { c.AuthStyle = devicecode.AuthStyleInParams }), "ClientSecret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := microsoft.New(tt.cfg)
			var ce *microsoft.ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Fatalf("New = %v, want a *ConfigError on %s", err, tt.field)
			}
		})
	}
}

func TestNewAcceptsAuthorities(t *testing.T) {
	for _, host := range []string{"", microsoft.AuthorityPublicCloud, microsoft.AuthorityUSGovernment, microsoft.AuthorityChina,
		"http://127.0.0.1:8080/entra", "http://localhost:1234"} {
		if _, err := microsoft.New(microsoft.Config{Tenant: "organizations", ClientID: testClientID, AuthorityHost: host}); err != nil {
			t.Errorf("AuthorityHost %q: %v", host, err)
		}
	}
}

// The secret must not leak through any formatting of the config, the
// client, or the errors of a failed flow; nor may the device code.
func TestSecretNeverShown(t *testing.T) {
	logger, logs := vendortest.Logger()
	refuse := false // once set, the device request is refused too
	e := setup(t, microsoft.Config{ClientSecret: testSecret, AuthStyle: devicecode.AuthStyleInHeader}, devicetest.Options{
		Intercept: func(w http.ResponseWriter, r *http.Request) bool {
			if r.PostForm.Has("grant_type") || refuse {
				writeError(w, "invalid_client", 7000215, "Invalid client secret provided.")
				return true
			}
			return false
		}}, devicecode.WithLogger(logger))
	ctx := vendortest.Context(t)
	fl, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	_, waitErr := fl.Wait(ctx)
	if waitErr == nil {
		t.Fatal("Wait succeeded with invalid_client")
	}
	refuse = true
	_, startErr := e.client.Start(ctx)
	shown := append(vendortest.Formats(e.cfg, e.client, *e.client), fmt.Sprintf("%+v", waitErr), fmt.Sprintf("%+v", startErr), logs.String())
	vendortest.NotShown(t, shown, testSecret, dc.DeviceCode)
}
