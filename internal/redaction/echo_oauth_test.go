package redaction_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/microsoft"
)

// oauthEchoVendor starts a vendor's fake with opts and a client for it
// that authenticates with style and logs to logs.
type oauthEchoVendor func(t *testing.T, opts devicetest.Options, style devicecode.AuthStyle, logs *flowLog) oauthVendor

func gitlabEcho(t *testing.T, opts devicetest.Options, style devicecode.AuthStyle, logs *flowLog) oauthVendor {
	fake := devicetest.NewGitLab(opts)
	t.Cleanup(fake.Close)
	c, err := gitlab.New(gitlab.Config{BaseURL: fake.URL, ClientID: echoClientID, ClientSecret: echoSecret, AuthStyle: style, Scopes: []string{"openid"}},
		devicecode.WithClock(opts.Clock), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func microsoftEcho(t *testing.T, opts devicetest.Options, style devicecode.AuthStyle, logs *flowLog) oauthVendor {
	fake := devicetest.NewMicrosoft(opts)
	t.Cleanup(fake.Close)
	c, err := microsoft.New(microsoft.Config{Tenant: "contoso.onmicrosoft.com", ClientID: echoClientID, ClientSecret: echoSecret, Scopes: []string{"openid"},
		AuthStyle: style, AuthorityHost: fake.URL},
		devicecode.WithClock(opts.Clock), devicecode.WithHTTPClient(fake.Client()), devicecode.WithLogger(logs.logger()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestOAuthEchoesMasked has GitLab's and Entra's fakes echo the client
// secret, in every form, in their error answers to the device request, to
// polls (a pending answer the engine logs, then a refusal, then a
// Content-Type) and to a refresh; for both client authentication styles.
func TestOAuthEchoesMasked(t *testing.T) {
	for name, vendor := range map[string]oauthEchoVendor{"gitlab": gitlabEcho, "microsoft": microsoftEcho} {
		for style, basic := range map[devicecode.AuthStyle]bool{devicecode.AuthStyleInParams: false, devicecode.AuthStyleInHeader: true} {
			t.Run(name+"/basic="+map[bool]string{true: "yes", false: "no"}[basic], func(t *testing.T) {
				var logs flowLog
				for _, sc := range oauthEchoScenarios(basic) {
					err := runOAuthEcho(t, vendor, style, &logs, sc)
					if sc.composed {
						echoedComposed(t, sc.name, err)
						continue
					}
					echoed(t, sc.name, err, basic)
				}
				logs.nonEmpty(t)
				hidden(t, name+" logs", logs.renderings(), echoForms(basic)...)
			})
		}
	}
}

// oauthEcho is one way a server can echo the secret: answer decides each
// request of kind ("device", "poll", "refresh"), false leaving it to the
// fake; run is what the client does. composed: the client refuses the
// answer in its own words, naming the echo.
type oauthEcho struct {
	name     string
	answer   func(w http.ResponseWriter, kind string, n int) bool
	run      func(ctx context.Context, c oauthVendor, clk *fakeclock.Clock) error
	composed bool
}

func oauthEchoScenarios(basic bool) []oauthEcho {
	text := echoText(basic)
	refuse := func(status int, code string, extra map[string]string) map[string]string {
		body := map[string]string{"error": code, "error_description": text, "error_uri": "https://help.example/?q=" + url.QueryEscape(echoSecret)}
		for k, v := range extra {
			body[k] = v
		}
		return body
	}
	return []oauthEcho{
		{"device request refused", func(w http.ResponseWriter, kind string, _ int) bool {
			if kind == "device" {
				writeEcho(w, http.StatusUnauthorized, refuse(http.StatusUnauthorized, "invalid_client", nil))
			}
			return kind == "device"
		}, startOnly, false},
		{"poll pending, then declined", func(w http.ResponseWriter, kind string, n int) bool {
			if kind != "poll" {
				return false
			}
			// Entra's own code for a decline (mapped by the vendor) and
			// members the engine keeps verbatim.
			code := map[bool]string{true: "authorization_pending", false: "authorization_declined"}[n == 1]
			writeEcho(w, http.StatusBadRequest, refuse(http.StatusBadRequest, code,
				map[string]string{"trace_id": echoSecret, "correlation_id": url.QueryEscape(echoSecret), echoSecret: "member name"}))
			return true
		}, startAndWait, false},
		{"poll answered with an echoing Content-Type", func(w http.ResponseWriter, kind string, _ int) bool {
			if kind == "poll" {
				w.Header().Set("Content-Type", "text/plain; note="+url.QueryEscape(echoSecret))
				w.WriteHeader(http.StatusTeapot)
			}
			return kind == "poll"
		}, startAndWait, false},
		{"poll answer naming the secret as a member twice", func(w http.ResponseWriter, kind string, _ int) bool {
			if kind == "poll" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, duplicated(`"error":"authorization_pending"`))
			}
			return kind == "poll"
		}, startAndWait, true},
		{"refresh refused", func(w http.ResponseWriter, kind string, _ int) bool {
			if kind == "refresh" {
				writeEcho(w, http.StatusBadRequest, refuse(http.StatusBadRequest, "invalid_grant", nil))
			}
			return kind == "refresh"
		}, refreshStale, false},
	}
}

// runOAuthEcho runs one scenario against a fresh fake.
func runOAuthEcho(t *testing.T, vendor oauthEchoVendor, style devicecode.AuthStyle, logs *flowLog, sc oauthEcho) error {
	t.Helper()
	clk := fakeclock.NewAuto(t0)
	var mu sync.Mutex
	counts := map[string]int{}
	intercept := func(w http.ResponseWriter, r *http.Request) bool {
		kind := map[string]string{"": "device", devicecode.GrantType: "poll", "refresh_token": "refresh"}[r.PostForm.Get("grant_type")]
		mu.Lock()
		defer mu.Unlock()
		counts[kind]++
		return sc.answer(w, kind, counts[kind])
	}
	c := vendor(t, devicetest.Options{Clock: clk, ClientSecret: echoSecret, Intercept: intercept}, style, logs)
	return sc.run(context.Background(), c, clk)
}

func startOnly(ctx context.Context, c oauthVendor, _ *fakeclock.Clock) error {
	_, err := c.Start(ctx)
	return err
}

func startAndWait(ctx context.Context, c oauthVendor, _ *fakeclock.Clock) error {
	fl, err := c.Start(ctx)
	if err != nil {
		return err
	}
	_, err = fl.Wait(ctx)
	return err
}

func refreshStale(ctx context.Context, c oauthVendor, clk *fakeclock.Clock) error {
	stale := &oauth2.Token{AccessToken: "stale", RefreshToken: "refresh", Expiry: clk.Now().Add(-time.Hour)}
	_, err := c.TokenSource(ctx, stale).Token()
	return err
}
