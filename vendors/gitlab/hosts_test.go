package gitlab_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/gitlab"
	"github.com/devicecode/devicecode/vendors/internal/vendortest"
)

// An instance that sends people to another site is refused, naming the
// host, unless the caller allowed that host.
func TestVerificationHostPolicy(t *testing.T) {
	evil := devicetest.Options{Intercept: onDevice(func(w http.ResponseWriter, _ *http.Request) {
		vendortest.WriteJSON(w, http.StatusOK, map[string]any{
			"device_code": "dc-1", "user_code": "ABCD-EFGH",
			"verification_uri": "https://evil.example/oauth/device", "expires_in": 300, "interval": 5,
		})
	})}
	t.Run("refused by default", func(t *testing.T) {
		e := setup(t, gitlab.Config{}, evil)
		_, err := e.client.Start(vendortest.Context(t))
		var he *normalize.HostError
		if !errors.As(err, &he) || he.Host != "evil.example" || he.Field != "/verification_uri" || he.Vendor != normalize.GitLab {
			t.Fatalf("err = %v, want a *normalize.HostError for evil.example", err)
		}
		if !strings.Contains(err.Error(), "evil.example") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("error %q should name the host and the allowed ones", err)
		}
	})
	t.Run("allowed by option", func(t *testing.T) {
		e := setup(t, gitlab.Config{}, evil, devicecode.WithVerificationHosts("EVIL.example."))
		fl, err := e.client.Start(vendortest.Context(t))
		if err != nil || fl.Prompt().VerificationURI != "https://evil.example/oauth/device" {
			t.Fatalf("Start = %v, %v; want the allowed host accepted", fl, err)
		}
	})
}

// An instance on a host beyond ASCII is named in ASCII whenever the
// config or the client is printed, as every message names a host.
func TestBaseURLShownASCII(t *testing.T) {
	cfg := gitlab.Config{BaseURL: "https://gitlab.münchen.de/gitlab", ClientID: "id"}
	c, err := gitlab.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range vendortest.Formats(cfg, c, *c) {
		if !strings.Contains(s, "gitlab.xn--mnchen-3ya.de/gitlab") || strings.Contains(s, "münchen") {
			t.Errorf("shown as %s, want the host in ASCII", s)
		}
	}
}
