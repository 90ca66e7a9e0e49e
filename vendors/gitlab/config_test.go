package gitlab_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

func TestNewRejectsConfig(t *testing.T) {
	tests := []struct {
		name  string
		cfg   gitlab.Config
		field string
	}{
		{"no base URL", gitlab.Config{ClientID: "id"}, "BaseURL"},
		{"plain http on a public host", gitlab.Config{BaseURL: "http://gitlab.example.com", ClientID: "id"}, "BaseURL"},
		{"relative", gitlab.Config{BaseURL: "/gitlab", ClientID: "id"}, "BaseURL"},
		{"other scheme", gitlab.Config{BaseURL: "ftp://gitlab.example.com", ClientID: "id"}, "BaseURL"},
		{"user info", gitlab.Config{BaseURL: "https://gitlab.example.com@evil.example", ClientID: "id"}, "BaseURL"},
		{"query", gitlab.Config{BaseURL: "https://gitlab.example.com/?x=1", ClientID: "id"}, "BaseURL"},
		{"no client id", gitlab.Config{BaseURL: gitlab.DefaultBaseURL}, "ClientID"},
		{"secret without a style", gitlab.Config{BaseURL: gitlab.DefaultBaseURL, ClientID: "id", ClientSecret: testSecret}, "AuthStyle"},
		{"style without a secret", gitlab.Config{BaseURL: gitlab.DefaultBaseURL, ClientID: "id", AuthStyle: devicecode.AuthStyleInHeader}, "ClientSecret"},
		{"unknown style", gitlab.Config{BaseURL: gitlab.DefaultBaseURL, ClientID: "id", ClientSecret: testSecret, AuthStyle: 7}, "AuthStyle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gitlab.New(tt.cfg)
			var ce *gitlab.ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Fatalf("New = %v, want a *ConfigError on %s", err, tt.field)
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}

func TestNewAcceptsConfig(t *testing.T) {
	for _, base := range []string{gitlab.DefaultBaseURL, "https://example.com/gitlab/", "http://127.0.0.1:8080/gitlab",
		"http://localhost:3000", "http://[::1]:80"} {
		if _, err := gitlab.New(gitlab.Config{BaseURL: base, ClientID: "id"}); err != nil {
			t.Errorf("New(%q): %v", base, err)
		}
	}
}

// The secret must not leak through any formatting of the config, the
// client, or the errors of a failed flow; nor may the device code.
func TestSecretNeverShown(t *testing.T) {
	logger, logs := vendortest.Logger()
	refuse := false // once set, the device request is refused too
	e := setup(t, gitlab.Config{ClientSecret: testSecret, AuthStyle: devicecode.AuthStyleInParams}, devicetest.Options{
		Intercept: func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path == gitlab.TokenPath || refuse {
				writeError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
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
