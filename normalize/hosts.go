package normalize

import (
	"fmt"

	"net/url"
	"slices"
	"strings"

	"github.com/devicecode/devicecode/internal/safetext"
)

// HostError is a device authorization response whose verification URI
// points at a host outside the allowed set (WithVerificationHosts). A
// compromised or impersonated server could otherwise send the person to a
// look-alike page that collects the user code — and with it the sign-in —
// while the CLI waits. Host is the offending host name as the URI spelled
// it (sanitized; the earlier rules refuse control characters anyway);
// Allowed are the canonical forms it was compared with.
type HostError struct {
	Vendor  Vendor
	Field   string // "/verification_uri" or "/verification_uri_complete", as the vendor spells it
	Host    string
	Allowed []string
}

var _ error = (*HostError)(nil)

// Unwrap makes a *HostError match ErrInvalidResponse.
func (e *HostError) Unwrap() error { return ErrInvalidResponse }

func (e *HostError) Error() string {
	return fmt.Sprintf("the verification URI points at %s, which is not an allowed verification host (allowed: %s)",
		e.Host, strings.Join(e.Allowed, ", "))
}

// checkHost applies the host policy to a device code that passed every
// other rule, so its URIs parse.
func checkHost(sh *shape, dc *DeviceCode, allowed []string, spelled map[string]string) error {
	if len(allowed) == 0 {
		return nil
	}
	for _, f := range []struct {
		t   target
		raw string
	}{{toVerificationURI, dc.VerificationURI}, {toVerificationURIComplete, dc.VerificationURIComplete}} {
		if f.raw == "" {
			continue
		}
		u, err := url.Parse(f.raw)
		if err != nil {
			return refuse(sh.vendor, "verification URI does not parse")
		}
		if host := canonicalHost(u.Hostname()); !slices.Contains(allowed, host) {
			return &HostError{Vendor: sh.vendor, Field: sh.wirePointer(f.t.pointer(), spelled),
				Host: safetext.Show(strings.ToLower(u.Hostname())), Allowed: allowed}
		}
	}
	return nil
}
