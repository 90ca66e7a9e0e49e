package microsoft_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// basePath stands for a proxy in front of the authority: the tenant and
// the v2.0 paths must go below it.
const basePath = "/entra"

const (
	testTenant   = "contoso.onmicrosoft.com"
	testClientID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
	testSecret   = "entra-SECRET~do-not-print"
)

var t0 = vendortest.T0

type env struct {
	s      *devicetest.Server
	clock  *fakeclock.Clock
	client *microsoft.Client
	cfg    microsoft.Config
}

// setup starts devicetest's Entra authority under basePath, knowing only
// testTenant, with o (on an auto-advancing fake clock from t0 unless o has
// one) and a client for it.
func setup(t *testing.T, cfg microsoft.Config, o devicetest.Options, opts ...devicecode.Option) *env {
	t.Helper()
	clk, _ := o.Clock.(*fakeclock.Clock)
	if clk == nil {
		clk = fakeclock.NewAuto(t0)
	}
	o.Clock, o.BasePath, o.Tenants = clk, basePath, []string{testTenant}
	s := devicetest.NewMicrosoft(o)
	t.Cleanup(s.Close)
	if cfg.Tenant == "" {
		cfg.Tenant = testTenant
	}
	if cfg.ClientID == "" {
		cfg.ClientID = testClientID
	}
	if cfg.Scopes == nil { // an empty, non-nil list asks for none
		cfg.Scopes = []string{"User.Read"}
	}
	if cfg.AuthorityHost == "" {
		cfg.AuthorityHost = s.URL
	}
	opts = append([]devicecode.Option{devicecode.WithClock(clk), devicecode.WithHTTPClient(s.Client())}, opts...)
	c, err := microsoft.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{s: s, clock: clk, client: c, cfg: cfg}
}

// efficiencySetup is setup for vendortest.Efficiency.
func efficiencySetup(t *testing.T, o devicetest.Options) (*devicetest.Server, devicecode.Client) {
	e := setup(t, microsoft.Config{}, o)
	return e.s, e.client
}

// onDevice answers device authorization requests with answer, for what
// the Entra fake never sends; other requests go to the fake.
func onDevice(answer http.HandlerFunc) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/devicecode") {
			return false
		}
		answer(w, r)
		return true
	}
}

// onPoll answers the n-th device-grant token request (from 1) with answer,
// which returns false to let the fake answer it.
func onPoll(answer func(w http.ResponseWriter, n int) bool) func(http.ResponseWriter, *http.Request) bool {
	n := 0
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.PostForm.Get("grant_type") != devicecode.GrantType {
			return false
		}
		n++
		return answer(w, n)
	}
}

// always answers every poll with an Entra error.
func always(code string, aadsts int, desc string) func(http.ResponseWriter, *http.Request) bool {
	return onPoll(func(w http.ResponseWriter, _ int) bool {
		writeError(w, code, aadsts, desc)
		return true
	})
}

// entraError is an Entra error body, AADSTS code and all.
func entraError(code string, aadsts int, desc string) string {
	b, _ := json.Marshal(map[string]any{
		"error":             code,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: 0c5b9f0e-1c1f-4a2b-9a7e-5a0f3b0c2d00 Correlation ID: 6f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 Timestamp: 2025-06-01 12:00:05Z", aadsts, desc),
		"error_codes":       []int{aadsts},
		"timestamp":         "2025-06-01 12:00:05Z",
		"trace_id":          "0c5b9f0e-1c1f-4a2b-9a7e-5a0f3b0c2d00",
		"correlation_id":    "6f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
		"error_uri":         fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", aadsts),
	})
	return string(b)
}

func writeError(w http.ResponseWriter, code string, aadsts int, desc string) {
	vendortest.WriteRaw(w, http.StatusBadRequest, entraError(code, aadsts, desc))
}

// waitToken is the token an approved flow yields.
func waitToken(ctx context.Context, fl *devicecode.Flow) (*oauth2.Token, error) {
	out, err := fl.Wait(ctx)
	if err != nil {
		return nil, err
	}
	return out.Token, nil
}
