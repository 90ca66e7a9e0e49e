package gitlab_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// basePath is a self-managed instance's relative URL root: every request
// must keep it, which a client that builds "/oauth/..." from the host alone
// would lose.
const basePath = "/gitlab"

const (
	testClientID = "app-id-0123"
	testSecret   = "gloas-SECRET-do-not-print"
)

var t0 = vendortest.T0

type env struct {
	s      *devicetest.Server
	clock  *fakeclock.Clock
	client *gitlab.Client
	cfg    gitlab.Config
}

// setup starts devicetest's GitLab under basePath with o (on an
// auto-advancing fake clock from t0 unless o has one) and a client for it.
func setup(t *testing.T, cfg gitlab.Config, o devicetest.Options, opts ...devicecode.Option) *env {
	t.Helper()
	clk, _ := o.Clock.(*fakeclock.Clock)
	if clk == nil {
		clk = fakeclock.NewAuto(t0)
	}
	o.Clock, o.BasePath = clk, basePath
	s := devicetest.NewGitLab(o)
	t.Cleanup(s.Close)
	if cfg.BaseURL == "" {
		cfg.BaseURL = s.URL
	}
	if cfg.ClientID == "" {
		cfg.ClientID = testClientID
	}
	opts = append([]devicecode.Option{devicecode.WithClock(clk), devicecode.WithHTTPClient(s.Client())}, opts...)
	c, err := gitlab.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{s: s, clock: clk, client: c, cfg: cfg}
}

// efficiencySetup is setup for vendortest.Efficiency.
func efficiencySetup(t *testing.T, o devicetest.Options) (*devicetest.Server, devicecode.Client) {
	e := setup(t, gitlab.Config{}, o)
	return e.s, e.client
}

// onDevice answers device authorization requests with answer, for what
// GitLab's fake never sends; other requests go to the fake.
func onDevice(answer http.HandlerFunc) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != gitlab.DeviceAuthorizationPath {
			return false
		}
		answer(w, r)
		return true
	}
}

// onPoll answers device-grant token requests with answer; a nil answer
// lets that request through to the fake.
func onPoll(answer func(w http.ResponseWriter, n int) bool) func(http.ResponseWriter, *http.Request) bool {
	n := 0
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != gitlab.TokenPath || r.PostForm.Get("grant_type") != devicecode.GrantType {
			return false
		}
		n++
		return answer(w, n)
	}
}

// errorBody is GitLab's OAuth error body.
func errorBody(code, desc string) string {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	return string(b)
}

func writeError(w http.ResponseWriter, status int, code, desc string) {
	vendortest.WriteRaw(w, status, errorBody(code, desc))
}

// waitToken is the token an approved flow yields.
func waitToken(ctx context.Context, fl *devicecode.Flow) (*oauth2.Token, error) {
	out, err := fl.Wait(ctx)
	if err != nil {
		return nil, err
	}
	return out.Token, nil
}
