package vendorkit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
)

func TestCheckBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://gitlab.com": true, "https://example.com/gitlab/": true, "HTTPS://EXAMPLE.COM": true,
		"http://127.0.0.1:8080": true, "http://localhost": true, "http://[::1]:9000/x": true, "http://127.8.9.10": true,
		"": false, "http://example.com": false, "http://localhost.example.com": false, "ws://127.0.0.1": false,
		"//example.com": false, "https://": false, "https://u:p@example.com": false, "https://example.com/?q": false,
		"https://example.com/#f": false, "mailto:x@example.com": false, "https://exa mple.com": false,
	} {
		if _, reason := CheckBaseURL(raw); (reason == "") != ok {
			t.Errorf("CheckBaseURL(%q): reason %q, want ok=%v", raw, reason, ok)
		}
	}
}

func TestCredentialsRedacted(t *testing.T) {
	c := Credentials{ClientID: "id", ClientSecret: "s3cret", Style: devicecode.AuthStyleInHeader}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, "s3cret") || !strings.Contains(s, "[REDACTED]") {
			t.Errorf("shown as %s", s)
		}
	}
}

// ShowURL redacts a password and names the host in ASCII, as every
// message does: a base URL on a look-alike reads as what it is.
func TestShowURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://gitlab.example.com/gitlab":    "https://gitlab.example.com/gitlab",
		"https://u:s3cret@gitlab.example.com/": "https://u:xxxxx@gitlab.example.com/",
		"https://gitlab.münchen.de:8443/x":     "https://gitlab.xn--mnchen-3ya.de:8443/x",
		"https://u:s3cret@micrоsoft.com/":      "https://u:xxxxx@xn--micrsoft-qbh.com/",
		"not a url \x7f://münchen":             `not a url \x7f://m\u00fcnchen`,
	} {
		if got := ShowURL(raw); got != want {
			t.Errorf("ShowURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

// Concurrent callers of an expired token share one refresh.
func TestTokenSourceRefreshesOnce(t *testing.T) {
	clk := fakeclock.New(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	var mu sync.Mutex
	refreshes := 0
	ts := TokenSource(context.Background(), &oauth2.Token{AccessToken: "a", RefreshToken: "r", Expiry: clk.Now().Add(time.Minute)}, clk,
		func(_ context.Context, rt string) (*oauth2.Token, error) {
			mu.Lock()
			defer mu.Unlock()
			refreshes++
			if rt != "r" {
				return nil, errors.New("wrong refresh token")
			}
			return &oauth2.Token{AccessToken: "b", Expiry: clk.Now().Add(time.Hour)}, nil
		}, func(err error) error { return err })
	clk.Advance(55 * time.Second) // inside the 10 s early-renewal margin
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if tok, err := ts.Token(); err != nil || tok.AccessToken != "b" || tok.RefreshToken != "r" {
				t.Errorf("Token = %+v, %v", tok, err)
			}
		})
	}
	wg.Wait()
	if refreshes != 1 {
		t.Errorf("%d refreshes, want 1", refreshes)
	}
}

func TestRenewalMargin(t *testing.T) {
	for lifetime, want := range map[time.Duration]time.Duration{
		time.Hour: expiryDelta, 2 * expiryDelta: expiryDelta, 4 * time.Second: 2 * time.Second,
		time.Second: 500 * time.Millisecond, 0: 0, -time.Second: 0,
	} {
		if got := renewalMargin(lifetime); got != want {
			t.Errorf("renewalMargin(%s) = %s, want %s", lifetime, got, want)
		}
	}
}

// The caller's token, whose issue time is unknown, is renewed the full
// margin early, as with x/oauth2; a short-lived token the source obtained
// is used until half its lifetime is left.
func TestTokenSourceMargins(t *testing.T) {
	clk := fakeclock.New(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	refreshes := 0
	ts := TokenSource(context.Background(), &oauth2.Token{AccessToken: "a", RefreshToken: "r", Expiry: clk.Now().Add(8 * time.Second)}, clk,
		func(context.Context, string) (*oauth2.Token, error) {
			refreshes++
			return &oauth2.Token{AccessToken: fmt.Sprint("b", refreshes), Expiry: clk.Now().Add(4 * time.Second)}, nil
		}, func(err error) error { return err })
	steps := []struct {
		advance   time.Duration
		refreshes int
	}{{0, 1}, {0, 1}, {1900 * time.Millisecond, 1}, {100 * time.Millisecond, 2}, {time.Second, 2}, {time.Second, 3}}
	for i, s := range steps {
		clk.Advance(s.advance)
		tok, err := ts.Token()
		if err != nil || refreshes != s.refreshes || !tok.Expiry.After(clk.Now()) {
			t.Fatalf("step %d: %+v, %v after %d refreshes, want %d", i, tok, err, refreshes, s.refreshes)
		}
	}
}
