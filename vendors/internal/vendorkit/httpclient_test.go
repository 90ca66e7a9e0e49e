package vendorkit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/devicecode/devicecode"
	"github.com/devicecode/devicecode/clock/fakeclock"
	"github.com/devicecode/devicecode/normalize"
)

func TestHTTPClientBodyCap(t *testing.T) {
	for _, size := range []int{1 << 10, 1 << 20, 1<<20 + 1, 4 << 20} {
		srv := httptestServer(t, func(w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, strings.Repeat("x", size))
		})
		resp, err := NewHTTPClient(srv.Client()).Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		tooLarge := size > normalize.MaxBodyBytes
		if errors.Is(err, devicecode.ErrResponseTooLarge) != tooLarge || len(body) > normalize.MaxBodyBytes {
			t.Errorf("size %d: read %d bytes, err %v", size, len(body), err)
		}
	}
}

func TestHTTPClientOversizeTokenIsTerminal(t *testing.T) {
	srv := httptestServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"`+strings.Repeat("x", 2<<20)+`"}`)
	})
	resp, err := NewHTTPClient(srv.Client()).Post(srv.URL, FormContentType, strings.NewReader("device_code=dc")) //nolint:bodyclose // ReadToken closes it
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadToken(resp, fakeclock.New(time.Now()))
	if !errors.Is(err, devicecode.ErrResponseTooLarge) || devicecode.IsTransient(err) {
		t.Fatalf("err = %v, want terminal ErrResponseTooLarge", err)
	}
}

// httptestServer is an httptest.Server closed with the test.
func httptestServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// ctxTimeout is a context that ends with the test.
func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestHTTPClientEditors(t *testing.T) {
	var got http.Header
	srv := httptestServer(t, func(_ http.ResponseWriter, r *http.Request) { got = r.Header.Clone() })
	type key struct{}
	ctx := context.WithValue(ctxTimeout(t), key{}, "corr-42")
	c := NewHTTPClient(srv.Client(), Settings{Options: devicecode.Options{UserAgent: "devicecode/test"}}.UserAgentEditor(),
		func(ctx context.Context, r *http.Request) error {
			r.Header.Set("X-Correlation-Id", ctx.Value(key{}).(string))
			return nil
		})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.Get("User-Agent") != "devicecode/test" || got.Get("X-Correlation-Id") != "corr-42" {
		t.Errorf("headers %v", got)
	}
	if req.Header.Get("User-Agent") != "" {
		t.Error("the caller's request was modified")
	}
}

func TestHTTPClientEditorErrorIsTerminal(t *testing.T) {
	srv := httptestServer(t, func(http.ResponseWriter, *http.Request) { t.Error("request sent") })
	boom := errors.New("no credentials")
	c := NewHTTPClient(srv.Client(), func(context.Context, *http.Request) error { return boom })
	resp, err := c.Get(srv.URL)
	if err == nil {
		resp.Body.Close()
	}
	if !errors.Is(err, boom) || devicecode.IsTransient(err) {
		t.Fatalf("err = %v, want the editor's error, terminal", err)
	}
}

func TestHTTPClientNoRedirects(t *testing.T) {
	hit := false
	target := httptestServer(t, func(http.ResponseWriter, *http.Request) { hit = true })
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL, http.StatusTemporaryRedirect)
	})
	resp, err := NewHTTPClient(nil).Post(srv.URL, "text/plain", strings.NewReader("device_code=secret"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || hit {
		t.Errorf("status %d, target hit %v; want the redirect returned, not followed", resp.StatusCode, hit)
	}
}

// A client without a Timeout gets the default; the caller's own stays.
func TestHTTPClientTimeout(t *testing.T) {
	if got := NewHTTPClient(nil).Timeout; got != devicecode.DefaultRequestTimeout {
		t.Errorf("default client: Timeout %s, want %s", got, devicecode.DefaultRequestTimeout)
	}
	if got := NewHTTPClient(&http.Client{Timeout: time.Hour}).Timeout; got != time.Hour {
		t.Errorf("caller's client: Timeout %s, want 1h", got)
	}
}
