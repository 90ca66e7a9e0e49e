package devicetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/veeam"
)

// veeamFlow signs in with the real VB365 client against a v8 fake on the
// auto-advancing fake clock, with the backoff's jitter fixed; decide, if
// set, acts on the user code before the wait.
func veeamFlow(t *testing.T, o devicetest.VeeamOptions, decide func(*devicetest.VeeamServer, string)) (*devicetest.VeeamServer, error) {
	t.Helper()
	clk := fakeclock.NewAuto(t0)
	o.Clock = clk
	fake := devicetest.NewVeeam(o)
	t.Cleanup(fake.Close)
	c, err := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: "password", APIVersion: veeam.V8,
		Target: veeam.NewOrganization(veeam.RegionWorldwide)},
		devicecode.WithClock(clk), devicecode.WithJitter(fullJitter))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	if decide != nil {
		decide(fake, dc.UserCode)
	}
	out, err := fl.Wait(ctx)
	if err == nil && out.UserCode != dc.UserCode {
		t.Errorf("Wait = %v, want the user code", out)
	}
	return fake, err
}

// veeamChecks lists when DeviceCode/check was asked, as offsets from t0,
// and what it answered (0: the connection was dropped).
func veeamChecks(fake *devicetest.VeeamServer) string {
	var out []string
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, "/DeviceCode/check") {
			out = append(out, fmt.Sprintf("%s:%d", r.At.Sub(t0), r.Status))
		}
	}
	return fmt.Sprint(out)
}

// Every shared Answer, in VB365's words, through the real client.
func TestVeeamScript(t *testing.T) {
	script := func(a ...devicetest.Answer) []devicetest.Answer { return a }
	approve := func(s *devicetest.VeeamServer, code string) {
		if err := s.Approve(code); err != nil {
			t.Error(err)
		}
	}
	for _, tt := range []struct {
		name   string
		opts   devicetest.VeeamOptions
		decide func(*devicetest.VeeamServer, string)
		ok     func(error) bool
		checks string
	}{
		{"pending twice, then approved", devicetest.VeeamOptions{Script: script(devicetest.Pending, devicetest.Pending)},
			approve, succeeded, "[5s:200 10s:200 15s:200]"},
		{"slow_down is a 429: Retry-After waited out", devicetest.VeeamOptions{Script: script(devicetest.SlowDown), RetryAfter: 20 * time.Second},
			approve, succeeded, "[5s:429 25s:200]"},
		{"429 with Retry-After", devicetest.VeeamOptions{Script: script(devicetest.TooMany), RetryAfter: 20 * time.Second},
			approve, succeeded, "[5s:429 25s:200]"},
		{"503 with Retry-After", devicetest.VeeamOptions{Script: script(devicetest.Unavailable), RetryAfter: 20 * time.Second},
			approve, succeeded, "[5s:503 25s:200]"},
		{"a dropped connection is retried", devicetest.VeeamOptions{Script: script(devicetest.Drop)},
			approve, succeeded, "[5s:0 15s:200]"},
		{"pending with HTTP 200", devicetest.VeeamOptions{Script: script(devicetest.PendingOK)},
			approve, succeeded, "[5s:200 10s:200]"},
		{"a slow answer: the next check is timed from its receipt", devicetest.VeeamOptions{Script: script(devicetest.Slow), SlowBy: 3 * time.Second},
			approve, succeeded, "[5s:200 13s:200]"},
		{"pending as a 400 (PendingCheckError)", devicetest.VeeamOptions{Script: script(devicetest.Pending), PendingCheckError: true},
			approve, isNot(devicecode.ErrExpiredToken), "[5s:400]"},
		{"a person approves after 12 s", devicetest.VeeamOptions{Person: devicetest.ApproveAfter(12 * time.Second)},
			nil, succeeded, "[5s:200 10s:200 15s:200]"},
		{"a person declines after 7 s", devicetest.VeeamOptions{Person: devicetest.DenyAfter(7 * time.Second)},
			nil, isNot(devicecode.ErrExpiredToken), "[5s:200 10s:400]"},
		{"ApproveAfter(n) wins over the person", devicetest.VeeamOptions{Person: devicetest.DenyAfter(7 * time.Second)},
			func(s *devicetest.VeeamServer, _ string) { s.ApproveAfterChecks(1) }, succeeded, "[5s:200 10s:200]"},
		{"expiry", devicetest.VeeamOptions{CodeLifetime: 20 * time.Second},
			nil, is(devicecode.ErrExpiredToken), "[5s:200 10s:200 15s:200 20s:200]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, err := veeamFlow(t, tt.opts, tt.decide)
			if !tt.ok(err) {
				t.Errorf("Wait = %v", err)
			}
			if got := veeamChecks(fake); got != tt.checks {
				t.Errorf("checks %s, want %s", got, tt.checks)
			}
		})
	}
}

// isNot is a flow that failed, but not with target.
func isNot(target error) func(error) bool {
	return func(err error) bool { return err != nil && !errors.Is(err, target) }
}

// The script's 429 is VB365's RESTExceptionInfo with Retry-After; its
// 503 a proxy's page.
func TestVeeamScriptWording(t *testing.T) {
	fake := devicetest.NewVeeam(devicetest.VeeamOptions{Version: "v7", RetryAfter: 30 * time.Second,
		Script: []devicetest.Answer{devicetest.TooMany, devicetest.Unavailable}, Person: devicetest.ApproveAfter(0)})
	defer fake.Close()
	c, err := veeam.New(veeam.Config{BaseURL: fake.URL, Username: "admin", Password: "password", APIVersion: veeam.V7,
		Target: veeam.NewOrganization("")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fl, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dc := fl.State().DeviceCode
	token := signInVeeam(ctx, t, fake.URL+"/v7/token")
	for _, want := range []struct {
		status      int
		contentType string
	}{{http.StatusTooManyRequests, "application/json"}, {http.StatusServiceUnavailable, "text/html"}} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, fake.URL+"/v7/DeviceCode/check", strings.NewReader(`{"userCode":"`+dc.UserCode+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := fake.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Message string }
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != want.status || resp.Header.Get("Retry-After") != "30" ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), want.contentType) ||
			(want.status == http.StatusTooManyRequests && body.Message == "") {
			t.Errorf("%d %q Retry-After %q, message %q; want %d %s, Retry-After 30", resp.StatusCode,
				resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"), body.Message, want.status, want.contentType)
		}
	}
}

// signInVeeam gets a bearer token from the fake's password grant.
func signInVeeam(ctx context.Context, t *testing.T, tokenURL string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL,
		strings.NewReader("grant_type=password&username=admin&password=password"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("sign-in: %d %v", resp.StatusCode, err)
	}
	return tok.AccessToken
}
