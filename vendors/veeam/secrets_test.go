package veeam_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

func sha256Sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func TestSecretsNeverPrinted(t *testing.T) {
	cfg := veeam.Config{BaseURL: "https://vb365.example:4443", Username: "admin", Password: password}
	c, err := veeam.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{cfg, &cfg, c, *c} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, password) {
				t.Errorf("%s of %T shows the password: %s", verb, v, s)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	ok := veeam.Config{BaseURL: "https://vb365.example:4443", Username: "admin", Password: password}
	tests := []struct {
		name  string
		edit  func(*veeam.Config)
		field string
	}{
		{"no base URL", func(c *veeam.Config) { c.BaseURL = "" }, "BaseURL"},
		{"plain http off loopback", func(c *veeam.Config) { c.BaseURL = "http://vb365.example:4443" }, "BaseURL"},
		{"version in the base URL", func(c *veeam.Config) { c.BaseURL += "/v8" }, "BaseURL"},
		{"no username", func(c *veeam.Config) { c.Username = "" }, "Username"},
		{"no password", func(c *veeam.Config) { c.Password = "" }, "Password"},
		{"unknown version", func(c *veeam.Config) { c.APIVersion = "v5" }, "APIVersion"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.edit(&cfg)
			_, err := veeam.New(cfg)
			var ce *veeam.ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field {
				t.Fatalf("err = %v, want a ConfigError for %s", err, tc.field)
			}
		})
	}
}

// A whole flow with a logger and every failure path leaves no password or
// token in the log or the errors.
func TestSecretsNotLogged(t *testing.T) {
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := setup(t, devicetest.VeeamOptions{TokenLifetime: 90 * time.Second, Script: []devicetest.Answer{devicetest.Unavailable}},
		veeam.Config{}, veeam.WithLogger(logger))
	e.srv.ApproveAfter(30)
	ctx := context.Background()
	dc, err := e.client.Start(ctx, veeam.NewOrganization(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Wait(ctx, dc); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if out == "" {
		t.Fatal("nothing logged")
	}
	for _, secret := range []string{password, "at-", "rt-", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
}
