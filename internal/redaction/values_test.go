package redaction_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// secretValue is one value of the public API that carries secrets.
type secretValue struct {
	name    string
	value   any
	secrets []string
	// serialized: the type is meant to be written out with its secret by
	// encoding/json (see the package doc), so its JSON is not checked.
	serialized bool
}

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func markedDeviceCode() *normalize.DeviceCode {
	return &normalize.DeviceCode{Vendor: normalize.GitLab, DeviceCode: markDeviceCode, UserCode: "WDJB-MJHT",
		VerificationURI: "https://gitlab.example.com/oauth/device", VerificationURIComplete: "https://gitlab.example.com/oauth/device?user_code=WDJB-MJHT",
		ExpiresIn: 5 * time.Minute, ExpiresAt: t0.Add(5 * time.Minute), Interval: 5 * time.Second}
}

// engineValues are the vendor-neutral carriers of the device code.
func engineValues(t *testing.T) []secretValue {
	dc := markedDeviceCode()
	p, err := devicecode.NewPoller(dc, func(context.Context) (string, error) { return "", devicecode.ErrAuthorizationPending })
	if err != nil {
		t.Fatal(err)
	}
	fl, err := devicecode.NewFlow(dc, func(context.Context) (*devicecode.Outcome, error) {
		return nil, devicecode.ErrAuthorizationPending
	})
	if err != nil {
		t.Fatal(err)
	}
	out := devicecode.Outcome{Vendor: normalize.GitLab, Token: &oauth2.Token{AccessToken: markAccessToken,
		TokenType: "Bearer", RefreshToken: markAppSecret, Expiry: t0.Add(time.Hour)}}
	return []secretValue{
		{name: "normalize.DeviceCode", value: *dc, secrets: []string{markDeviceCode}, serialized: true},
		{name: "*devicecode.Flow", value: fl, secrets: []string{markDeviceCode}},
		{name: "devicecode.Flow", value: *fl, secrets: []string{markDeviceCode}},
		{name: "devicecode.Outcome", value: out, secrets: []string{markAccessToken, markAppSecret}},
		{name: "*devicecode.Outcome", value: &out, secrets: []string{markAccessToken, markAppSecret}},
		{name: "*normalize.DeviceCode", value: dc, secrets: []string{markDeviceCode}, serialized: true},
		{name: "devicecode.State", value: p.State(), secrets: []string{markDeviceCode}, serialized: true},
		{name: "*devicecode.Poller", value: p, secrets: []string{markDeviceCode}},
		{name: "devicecode.Prompt", value: fl.Prompt(), secrets: []string{markDeviceCode}},
	}
}

// vendorValues are each vendor's configs and clients, built with marker
// secrets (New sends nothing), and Cohesity's credential results.
func vendorValues(t *testing.T) []secretValue {
	gl := gitlab.Config{BaseURL: "https://gitlab.example.com", ClientID: "app", ClientSecret: markClientSecret, AuthStyle: devicecode.AuthStyleInHeader}
	ms := microsoft.Config{Tenant: "contoso.onmicrosoft.com", ClientID: "00000000-0000-0000-0000-000000000001",
		ClientSecret: markClientSecret, AuthStyle: devicecode.AuthStyleInParams}
	keyed := cohesity.Config{BaseURL: "https://cluster.example.com", APIKey: markAPIKey}
	login := cohesity.Config{BaseURL: "https://cluster.example.com", Username: "admin", Password: markPassword}
	session := cohesity.Config{BaseURL: "https://cluster.example.com", SessionID: markSessionID}
	vb := veeam.Config{BaseURL: "https://vb365.example.com:4443", Username: "admin", Password: markPassword}
	apps := []cohesity.AppCredentials{{ClientID: "app-1", ClientSecret: markAppSecret}}
	reg := cohesity.Registration{Username: "admin@contoso.onmicrosoft.com", Password: markPassword, Endpoint: "contoso.onmicrosoft.com", Apps: apps}
	vals := []secretValue{
		{name: "gitlab.Config", value: gl, secrets: []string{markClientSecret}},
		{name: "microsoft.Config", value: ms, secrets: []string{markClientSecret}},
		{name: "cohesity.Config apiKey", value: keyed, secrets: []string{markAPIKey}},
		{name: "cohesity.Config login", value: login, secrets: []string{markPassword}},
		{name: "cohesity.Config session", value: session, secrets: []string{markSessionID}},
		{name: "veeam.Config", value: vb, secrets: []string{markPassword}},
		{name: "cohesity.AppCredentials", value: apps[0], secrets: []string{markAppSecret}},
		{name: "[]cohesity.AppCredentials", value: apps, secrets: []string{markAppSecret}},
		{name: "cohesity.Registration", value: reg, secrets: []string{markPassword, markAppSecret}},
	}
	vals = append(vals, userinfoConfigs()...)
	return append(vals, clients(t, gl, ms, keyed, login, session, vb)...)
}

// userinfoConfigs put a password into the URL, which New refuses; the
// refused Config may still be logged.
func userinfoConfigs() []secretValue {
	at := "https://admin:" + markPassword + "@"
	return []secretValue{
		{name: "gitlab.Config userinfo", value: gitlab.Config{BaseURL: at + "gitlab.example.com", ClientID: "app"}, secrets: []string{markPassword}},
		{name: "microsoft.Config userinfo", value: microsoft.Config{AuthorityHost: at + "login.example.com", Tenant: "common", ClientID: "x"}, secrets: []string{markPassword}},
		{name: "cohesity.Config userinfo", value: cohesity.Config{BaseURL: at + "cluster.example.com", APIKey: markAPIKey}, secrets: []string{markPassword, markAPIKey}},
		{name: "veeam.Config userinfo", value: veeam.Config{BaseURL: at + "vb365.example.com", Username: "admin", Password: "x"}, secrets: []string{markPassword}},
	}
}

func clients(t *testing.T, gl gitlab.Config, ms microsoft.Config, keyed, login, session cohesity.Config, vb veeam.Config) []secretValue {
	var vals []secretValue
	add := func(name string, c any, err error, secret string) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		vals = append(vals, secretValue{name: name, value: c, secrets: []string{secret}})
	}
	g, err := gitlab.New(gl)
	add("*gitlab.Client", g, err, markClientSecret)
	vals = append(vals, secretValue{name: "gitlab.Client", value: *g, secrets: []string{markClientSecret}})
	m, err := microsoft.New(ms)
	add("*microsoft.Client", m, err, markClientSecret)
	for name, cfg := range map[string]cohesity.Config{"apiKey": keyed, "login": login, "session": session} {
		c, err := cohesity.New(cfg)
		add("*cohesity.Client "+name, c, err, string(cfg.APIKey+cfg.Password+cfg.SessionID))
	}
	v, err := veeam.New(vb)
	add("*veeam.Client", v, err, markPassword)
	return vals
}

// configErrors are the vendors' *ConfigError for configs that hold a
// marker secret in the wrong place.
func configErrors() []secretValue {
	var errs []secretValue
	add := func(name string, err error, secret string) {
		errs = append(errs, secretValue{name: name, value: err, secrets: []string{secret}})
	}
	_, err := gitlab.New(gitlab.Config{BaseURL: "https://gitlab.example.com", ClientID: "app", ClientSecret: markClientSecret})
	add("gitlab secret without style", err, markClientSecret)
	_, err = gitlab.New(gitlab.Config{BaseURL: "https://user:" + markPassword + "@gitlab.example.com", ClientID: "app"})
	add("gitlab userinfo", err, markPassword)
	_, err = microsoft.New(microsoft.Config{Tenant: "common", ClientID: "x", ClientSecret: markClientSecret})
	add("microsoft secret without style", err, markClientSecret)
	_, err = cohesity.New(cohesity.Config{BaseURL: "https://cluster.example.com", APIKey: markAPIKey, SessionID: markSessionID})
	add("cohesity two credentials", err, markAPIKey)
	_, err = cohesity.New(cohesity.Config{BaseURL: "http://cluster.example.com", Password: markPassword})
	add("cohesity password without user", err, markPassword)
	_, err = veeam.New(veeam.Config{BaseURL: "https://vb365.example.com:4443/v8", Username: "admin", Password: markPassword})
	add("veeam bad URL", err, markPassword)
	return errs
}

// TestValuesHideSecrets renders every secret-carrying value of the API.
func TestValuesHideSecrets(t *testing.T) {
	vals := append(engineValues(t), vendorValues(t)...)
	vals = append(vals, configErrors()...)
	for _, v := range vals {
		t.Run(v.name, func(t *testing.T) {
			if err, ok := v.value.(error); ok {
				if err == nil || errors.Unwrap(err) == nil && err.Error() == "" {
					t.Fatalf("no error to check")
				}
				hidden(t, v.name, errorTexts(err), v.secrets...)
				return
			}
			hidden(t, v.name, render(v.value, !v.serialized), v.secrets...)
		})
	}
}
