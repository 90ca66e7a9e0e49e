// Package interop starts a real, independent RFC 8628 authorization server
// (the zitadel/oidc OpenID Provider in interop/zitadel) for tests.
//
// The server is a nested module built and run as a subprocess, so neither
// this package nor the SDK's users import zitadel.
package interop

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Layout is where the server puts its device authorization and token
// endpoints.
type Layout string

const (
	// LayoutDefault is zitadel's own: /device_authorization, /oauth/token.
	LayoutDefault Layout = "default"
	// LayoutGitLab is /oauth/authorize_device and /oauth/token.
	LayoutGitLab Layout = "gitlab"
	// LayoutMicrosoft is /{tenant}/oauth2/v2.0/devicecode and
	// /{tenant}/oauth2/v2.0/token.
	LayoutMicrosoft Layout = "microsoft"
)

// Options configure one server. The zero value is a default layout with
// a 5 minute lifetime and a 1 second interval.
type Options struct {
	Layout Layout
	// Tenant is the path segment for LayoutMicrosoft; "" means
	// "organizations".
	Tenant string
	// Lifetime of a device code; expires_in is its whole seconds.
	// Zero means 5 minutes.
	Lifetime time.Duration
	// Interval is the poll interval, rounded up to whole seconds because
	// RFC 8628 interval is an integer. Zero means 1s; negative means the
	// server omits interval (clients must then use RFC 8628's 5s).
	Interval time.Duration
}

// The server's registered clients; interop/zitadel/clients.go holds the
// same values.
const (
	publicClientID    = "devicecode-public"
	basicClientID     = "devicecode-basic"
	basicClientSecret = "devicecode-basic-secret"
	postClientID      = "devicecode-post"
	postClientSecret  = "devicecode-post-secret"
	defaultSubject    = "id1"
)

// Server is a running authorization server.
type Server struct {
	// BaseURL is the issuer, e.g. http://127.0.0.1:40123.
	BaseURL string
	// DeviceAuthorizationURL and TokenURL come from the server's
	// discovery document.
	DeviceAuthorizationURL string
	TokenURL               string

	// PublicClientID authenticates with client_id alone (method none).
	PublicClientID string
	// ConfidentialClient* is registered for client_secret_basic.
	ConfidentialClientID     string
	ConfidentialClientSecret string
	// PostClient* is registered for client_secret_post.
	PostClientID     string
	PostClientSecret string
	// Subject is the user Approve signs in as (the "sub" of id_tokens).
	Subject string

	http *http.Client
}

// Start builds the server once per test process (see Binary), starts it
// with opts and stops it when t ends. Without a Go toolchain or module
// proxy the test is skipped, or fails under CI=true.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin := Binary(t)
	base := startProcess(t, bin, opts.args())
	s := &Server{
		BaseURL:                  base,
		PublicClientID:           publicClientID,
		ConfidentialClientID:     basicClientID,
		ConfidentialClientSecret: basicClientSecret,
		PostClientID:             postClientID,
		PostClientSecret:         postClientSecret,
		Subject:                  defaultSubject,
		http:                     &http.Client{Timeout: 10 * time.Second},
	}
	if err := s.discover(context.Background()); err != nil {
		t.Fatalf("interop: %v", err)
	}
	return s
}

func (o Options) args() []string {
	layout, tenant := o.Layout, o.Tenant
	if layout == "" {
		layout = LayoutDefault
	}
	if tenant == "" {
		tenant = "organizations"
	}
	lifetime := o.Lifetime
	if lifetime == 0 {
		lifetime = 5 * time.Minute
	}
	interval := 1
	switch {
	case o.Interval < 0:
		interval = 0
	case o.Interval > 0:
		interval = int((o.Interval + time.Second - 1) / time.Second)
	}
	return []string{
		"-layout", string(layout), "-tenant", tenant,
		"-lifetime", lifetime.String(), "-interval", strconv.Itoa(interval),
	}
}

// discover reads the endpoints from the discovery document, which proves
// the server answers before any test runs.
func (s *Server) discover(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.BaseURL+"/.well-known/openid-configuration", nil)
	if err != nil {
		return err
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return fmt.Errorf("discovery: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("discovery: %s", resp.Status)
	}
	var doc struct {
		DeviceAuthorization string `json:"device_authorization_endpoint"`
		Token               string `json:"token_endpoint"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return fmt.Errorf("discovery: %w", err)
	}
	s.DeviceAuthorizationURL, s.TokenURL = doc.DeviceAuthorization, doc.Token
	return nil
}
