package redaction_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// oauthVendor is the contract plus what the GitLab and Entra clients add.
type oauthVendor interface {
	devicecode.Client
	TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource
}

// script makes a flow meet every answer the engine logs: pending,
// slow_down, 429, 503 and a dropped connection.
var script = []devicetest.Answer{devicetest.Pending, devicetest.SlowDown, devicetest.TooMany, devicetest.Unavailable, devicetest.Drop}

func TestGitLabFlowHidesSecrets(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewGitLab(devicetest.Options{Clock: clk, ClientSecret: markClientSecret, Script: script, BasePath: "/gitlab"})
	t.Cleanup(fake.Close)
	var logs flowLog
	c, err := gitlab.New(gitlab.Config{BaseURL: fake.URL, ClientID: "app", ClientSecret: markClientSecret, AuthStyle: devicecode.AuthStyleInParams,
		Scopes: []string{"read_user"}},
		devicecode.WithClock(clk), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger()))
	if err != nil {
		t.Fatal(err)
	}
	oauthFlows(t, fake, c, &logs, []any{c, *c})
}

func TestMicrosoftFlowHidesSecrets(t *testing.T) {
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewMicrosoft(devicetest.Options{Clock: clk, ClientSecret: markClientSecret, Script: script})
	t.Cleanup(fake.Close)
	var logs flowLog
	c, err := microsoft.New(microsoft.Config{Tenant: "contoso.onmicrosoft.com", ClientID: "00000000-0000-0000-0000-000000000001",
		ClientSecret: markClientSecret, AuthStyle: devicecode.AuthStyleInHeader, AuthorityHost: fake.URL,
		Scopes: []string{"User.Read", "openid", "offline_access"}},
		devicecode.WithClock(clk), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger()))
	if err != nil {
		t.Fatal(err)
	}
	oauthFlows(t, fake, c, &logs, []any{c, *c})
}

// oauthFlows signs in once through the whole script, refreshes the token,
// then fails every way a person or server can end a flow, and checks the
// logs, the errors and the values left behind.
func oauthFlows(t *testing.T, fake *devicetest.Server, c oauthVendor, logs *flowLog, values []any) {
	ctx := context.Background()
	dc, tok := approvedFlow(t, fake, c)
	secrets := []string{markClientSecret, dc.DeviceCode, tok.AccessToken}
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token: the refresh is not exercised")
	}
	secrets = append(secrets, tok.RefreshToken)
	if id, ok := tok.Extra("id_token").(string); ok {
		secrets = append(secrets, id)
	}
	stale := *tok
	stale.Expiry = t0.Add(-time.Hour)
	fresh, err := c.TokenSource(ctx, &stale).Token()
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, fresh.AccessToken, fresh.RefreshToken)

	var shown []rendering
	for _, err := range failedFlows(t, fake, c) {
		shown = append(shown, errorTexts(err)...)
	}
	revoked := stale
	revoked.RefreshToken = markDeviceCode // unknown to the server: the refresh is refused
	_, err = c.TokenSource(ctx, &revoked).Token()
	shown = append(shown, errorTexts(err)...)
	secrets = append(secrets, markDeviceCode)
	for _, v := range append(values, dc) {
		shown = append(shown, render(v, false)...)
	}
	logs.nonEmpty(t)
	hidden(t, "flow", append(shown, logs.renderings()...), secrets...)
}

func approvedFlow(t *testing.T, fake *devicetest.Server, c oauthVendor) (normalize.DeviceCode, *oauth2.Token) {
	t.Helper()
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if err := fake.Approve(dc.UserCode); err != nil {
		t.Fatal(err)
	}
	tok, err := waitToken(ctx, fl)
	if err != nil {
		t.Fatal(err)
	}
	return dc, tok
}

// failedFlows ends flows by denial, by expiry and with a device code the
// server does not know (a marker, which the error must not quote).
func failedFlows(t *testing.T, fake *devicetest.Server, c oauthVendor) []error {
	t.Helper()
	ctx := context.Background()
	var errs []error
	denied, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := fake.Deny(denied.Prompt().UserCode); err != nil {
		t.Fatal(err)
	}
	_, err = denied.Wait(ctx)
	errs = append(errs, want(t, err, devicecode.ErrAccessDenied))
	expired, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := expired.State()
	_, err = expired.Wait(ctx)
	errs = append(errs, want(t, err, devicecode.ErrExpiredToken))
	// The expired flow's State, with a device code the server never issued
	// and an hour more to live, resumed: the server refuses the code.
	st.DeviceCode.DeviceCode = markDeviceCode
	st.DeviceCode.ExpiresAt = st.DeviceCode.ExpiresAt.Add(time.Hour)
	st.ExpiresAt, st.NextPollAt = st.DeviceCode.ExpiresAt, time.Time{}
	unknown, err := c.Resume(st)
	if err != nil {
		t.Fatal(err)
	}
	_, err = unknown.Wait(ctx)
	return append(errs, want(t, err, devicecode.ErrInvalidDeviceCode))
}

func want(t *testing.T, err, target error) error {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
	return err
}

// waitToken is the token an approved flow yields.
func waitToken(ctx context.Context, fl *devicecode.Flow) (*oauth2.Token, error) {
	out, err := fl.Wait(ctx)
	if err != nil {
		return nil, err
	}
	return out.Token, nil
}
