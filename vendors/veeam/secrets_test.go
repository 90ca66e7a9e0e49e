package veeam_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/internal/safetext"
	"github.com/devicecode/devicecode/vendors/veeam"
)

func sha256Sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func TestSecretsNeverPrinted(t *testing.T) {
	cfg := veeam.Config{BaseURL: "https://vb365.example:4443", Username: "admin", Password: password,
		Target: veeam.ExistingOrganization(orgID)}
	c, err := veeam.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	target := "ExistingOrganization(" + orgID + ")"
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{cfg, &cfg, c, *c} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, password) {
				t.Errorf("%s of %T shows the password: %s", verb, v, s)
			}
		}
		// The target is no secret, and says what the client is for.
		if s := fmt.Sprintf(verb, cfg); !strings.Contains(s, "Target:"+target) {
			t.Errorf("%s of the Config does not show its target: %s", verb, s)
		}
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), password) || !strings.Contains(string(b), `"Target":"`+target+`"`) {
		t.Errorf("json.Marshal(Config) = %s, want the target shown and the password not", b)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "cfg", cfg, "target", cfg.Target)
	if strings.Contains(logged.String(), password) || strings.Count(logged.String(), target) != 2 {
		t.Errorf("slog shows %s, want the target twice and no password", logged.String())
	}
}

// A Target shows what it was built from, and none when zero; a hostile
// ID is shown escaped.
func TestTargetString(t *testing.T) {
	for want, target := range map[string]veeam.Target{
		"none":              {},
		"NewOrganization()": veeam.NewOrganization(""),
		"NewOrganization(Germany).WithGraphAppOrganization(" + orgID + ")": veeam.NewOrganization(veeam.RegionGermany).WithGraphAppOrganization(orgID),
		"ExistingOrganization(" + orgID + ")":                              veeam.ExistingOrganization(orgID),
		"RestoreSession(" + sessionID + ")":                                veeam.RestoreSession(sessionID),
		"AzureServiceAccount(Global, contoso.onmicrosoft.com)":             veeam.AzureServiceAccount(veeam.AzureGlobal, "contoso.onmicrosoft.com"),
	} {
		if got := target.String(); got != want {
			t.Errorf("String = %q, want %q", got, want)
		}
		if b, err := json.Marshal(target); err != nil || string(b) != strconv.Quote(want) {
			t.Errorf("json.Marshal = %s, %v; want %q", b, err, want)
		}
	}
	s := veeam.ExistingOrganization("\x1b]0;pwned\x07\u202e").String()
	if r, bad := safetext.Unsafe(s); bad {
		t.Errorf("String has %q, unsafe for a terminal: %q", r, s)
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
		{"organization ID not a UUID", func(c *veeam.Config) { c.Target = veeam.ExistingOrganization("contoso") }, "Target"},
		{"restore session ID not a UUID", func(c *veeam.Config) { c.Target = veeam.RestoreSession("contoso") }, "Target"},
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
			if tc.field == "Target" && !strings.Contains(err.Error(), `ID "contoso" is not a UUID`) {
				t.Errorf("err = %v, want it to name the ID", err)
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
		veeam.Config{}, devicecode.WithLogger(logger))
	e.srv.ApproveAfterChecks(30)
	ctx := context.Background()
	f, err := e.client.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Wait(ctx); err != nil {
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
