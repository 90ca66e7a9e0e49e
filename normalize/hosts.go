package normalize

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/devicecode/devicecode/internal/hostname"
)

// HostError is a device authorization response whose verification URI
// points at a host outside the allowed set (WithVerificationHosts). A
// compromised or impersonated server could otherwise send the person to a
// look-alike page that collects the user code — and with it the sign-in —
// while the CLI waits. Host is the offending host in IDNA ASCII form
// (xn--micrsoft-qbh.com, never micrоsoft.com with its Cyrillic о, which
// reads as microsoft.com); a host IDNA refuses has its non-ASCII characters
// escaped. MixedScripts names the scripts one of its labels mixes (Latin,
// Cyrillic), the mark of a look-alike; nil when none does. Allowed are the
// canonical forms it was compared with.
type HostError struct {
	Vendor       Vendor
	Field        string // "/verification_uri" or "/verification_uri_complete", as the vendor spells it
	Host         string
	MixedScripts []string
	Allowed      []string
}

var _ error = (*HostError)(nil)

// Unwrap makes a *HostError match ErrInvalidResponse.
func (e *HostError) Unwrap() error { return ErrInvalidResponse }

func (e *HostError) Error() string {
	allowed := make([]string, len(e.Allowed))
	for i, h := range e.Allowed {
		allowed[i] = hostname.Of(h).ASCII
	}
	return fmt.Sprintf("the verification URI points at %s, which is not an allowed verification host (allowed: %s)",
		hostname.Name{ASCII: e.Host, Scripts: e.MixedScripts}, strings.Join(allowed, ", "))
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
		if host := hostname.Canonical(u.Hostname()); !slices.Contains(allowed, host) {
			shown := hostname.Of(u.Hostname())
			return &HostError{Vendor: sh.vendor, Field: sh.wirePointer(f.t.pointer(), spelled),
				Host: shown.ASCII, MixedScripts: shown.Scripts, Allowed: allowed}
		}
	}
	return nil
}
