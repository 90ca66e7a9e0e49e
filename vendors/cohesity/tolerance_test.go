package cohesity_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/devicetest"
	"github.com/devicecode/devicecode/normalize"
	"github.com/devicecode/devicecode/vendors/cohesity"
)

// raw records the headers of every request to a devicetest cluster whose
// Intercept answers some paths with a fixed status and body: the answers a
// faithful fake never gives.
type raw struct {
	mu      sync.Mutex
	headers []http.Header
}

type rawAnswer struct {
	status int
	body   string
}

const (
	devicePath = "/v2/data-protect/sources/microsoft365/auth/device-code"
	tokenPath  = "/v2/data-protect/sources/microsoft365/auth/token"
	loginPath  = "/v2/access-tokens"
	goodDevice = `{"deviceCode":"dc-1","userCode":"ABCD1234","verificationUri":"https://microsoft.com/devicelogin","expiresInSecs":900,"intervalSecs":null}`
)

func (r *raw) last() http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.headers[len(r.headers)-1]
}

func rawCluster(t *testing.T, answers map[string]rawAnswer, cfg cohesity.Config) (*raw, *cohesity.Client) {
	t.Helper()
	r := &raw{}
	clk := fakeclock.NewAuto(t0)
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{Clock: clk, Intercept: func(w http.ResponseWriter, req *http.Request) bool {
		r.mu.Lock()
		r.headers = append(r.headers, req.Header.Clone())
		r.mu.Unlock()
		a, ok := answers[req.URL.Path]
		if !ok {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
		return true
	}})
	t.Cleanup(fake.Close)
	cfg.BaseURL, cfg.Domain = fake.URL, domain
	if cfg.Username == "" {
		cfg.APIKey = devicetest.CohesityAPIKey
	}
	c, err := cohesity.New(cfg, devicecode.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	return r, c
}

func TestStartTolerance(t *testing.T) {
	tests := []struct {
		name   string
		answer rawAnswer
		want   string // "" for success
	}{
		{"null interval is 5 s", rawAnswer{201, goodDevice}, ""},
		{"unknown members kept", rawAnswer{201, strings.Replace(goodDevice, `{`, `{"new":1,`, 1)}, ""},
		{"200 is not Cohesity's success", rawAnswer{200, goodDevice}, "cohesity: requesting a device code: unexpected answer (HTTP 200 OK)"},
		{"duplicate member in an error", rawAnswer{400, `{"errorCode":"a","errorCode":"b"}`},
			"invalid server response: error answer (HTTP 400) has the member /errorCode twice"},
		{"duplicate member in the device answer", rawAnswer{201, strings.Replace(goodDevice, `{`, `{"userCode":"EVIL",`, 1)}, "userCode"},
		{"no user code", rawAnswer{201, `{"deviceCode":"dc","userCode":null,"verificationUri":"https://microsoft.com/devicelogin","expiresInSecs":900}`}, "cohesity: requesting a device code: "},
		{"foreign verification host", rawAnswer{201, strings.Replace(goodDevice, "microsoft.com", "evil.example", 1)}, "evil.example"},
		{"hostile error text", rawAnswer{500, `{"errorCode":"K\u001b[2J","message":"\u202eevil"}`}, "the server is temporarily unavailable (HTTP 500 Internal Server Error, K"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := rawCluster(t, map[string]rawAnswer{devicePath: tt.answer}, cohesity.Config{})
			fl, err := c.Start(context.Background())
			if tt.want == "" {
				if err != nil || fl.State().Interval != normalize.DefaultInterval {
					t.Fatalf("flow %v, err %v; want a 5 s interval", fl, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to say %q", err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "\x1b\u202e") {
				t.Errorf("err shows terminal controls: %q", err)
			}
		})
	}
}

func TestTokenTolerance(t *testing.T) {
	tests := []struct {
		name   string
		answer rawAnswer
		want   error // nil: a token
	}{
		{"201 with a token, null lifetime", rawAnswer{201, `{"accessToken":"at","expiresInSecs":null}`}, nil},
		{"201 without a token", rawAnswer{201, `{"accessToken":null}`}, devicecode.ErrInvalidResponse},
		{"201 with a member twice", rawAnswer{201, `{"accessToken":"a","accesstoken":"b"}`}, devicecode.ErrInvalidResponse},
		{"4xx without a body ends the flow", rawAnswer{400, ``}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := rawCluster(t, map[string]rawAnswer{devicePath: {201, goodDevice}, tokenPath: tt.answer}, cohesity.Config{})
			fl, err := c.Start(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			out, err := fl.Wait(context.Background())
			switch {
			case tt.answer.status == 400:
				var e *cohesity.Error
				if !errors.As(err, &e) || e.HasBody {
					t.Errorf("err = %v, want the bodiless *Error at once", err)
				}
			case tt.want == nil:
				if err != nil || out.Token.AccessToken != "at" || !out.Token.Expiry.IsZero() {
					t.Errorf("outcome %v, err %v", out, err)
				}
			case !errors.Is(err, tt.want):
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestLoginTokenType checks the Authorization value built from the login.
func TestLoginTokenType(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"accessToken":"tok","tokenType":"Bearer"}`, "Bearer tok"},
		{`{"accessToken":"tok","tokenType":"bearer"}`, "bearer tok"},
		{`{"accessToken":"tok"}`, "Bearer tok"},
		{`{"accessToken":"tok","tokenType":null,"privileges":null}`, "Bearer tok"},
	}
	for _, tt := range tests {
		r, c := rawCluster(t, map[string]rawAnswer{loginPath: {201, tt.body}, devicePath: {201, goodDevice}},
			cohesity.Config{Username: "u", Password: "p"})
		if _, err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := r.last().Get("Authorization"); got != tt.want {
			t.Errorf("%s: Authorization %q, want %q", tt.body, got, tt.want)
		}
	}
	_, c := rawCluster(t, map[string]rawAnswer{loginPath: {201, `{"tokenType":"Bearer"}`}}, cohesity.Config{Username: "u", Password: "p"})
	if _, err := c.Start(context.Background()); !errors.Is(err, devicecode.ErrInvalidResponse) ||
		err.Error() != "cohesity: logging in: invalid server response: the login answer (201) has no accessToken" {
		t.Errorf("err = %v, want an invalid login answer", err)
	}
}

// TestPinnedCertificate trusts the fake's self-signed certificate by its
// SHA-256 fingerprint alone; another fingerprint is refused.
func TestPinnedCertificate(t *testing.T) {
	fake := devicetest.NewCohesity(devicetest.CohesityOptions{TLS: true, Clock: fakeclock.NewAuto(t0)})
	t.Cleanup(fake.Close)
	block := strings.TrimSpace(string(fake.CertificatePEM))
	der := pemDER(t, block)
	sum := sha256.Sum256(der)
	for _, tt := range []struct {
		pin string
		ok  bool
	}{{hex.EncodeToString(sum[:]), true}, {strings.Repeat("00", 32), false}} {
		c, err := cohesity.New(cohesity.Config{BaseURL: fake.URL, APIKey: devicetest.CohesityAPIKey, Domain: domain, Pins: []string{tt.pin}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err = c.Start(ctx)
		cancel()
		if (err == nil) != tt.ok {
			t.Errorf("pin %s…: err = %v, want ok %t", tt.pin[:8], err, tt.ok)
		}
	}
}
