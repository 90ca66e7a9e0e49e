// Package normalize maps every vendor's device authorization response onto
// one canonical DeviceCode (RFC 8628 §3.2), validated against the vendor's
// schema from specs/ and the canonical schema.
package normalize

import (
	"encoding/json"
	"time"
)

// Vendor names a device-code vendor. The values are the canonical "vendor"
// field and the --vendor flag of the CLI.
type Vendor string

// The vendors devicecode speaks to.
const (
	GitLab    Vendor = "gitlab"
	Microsoft Vendor = "microsoft"
	Cohesity  Vendor = "cohesity"
	Veeam     Vendor = "veeam"
)

// DefaultInterval is the polling interval RFC 8628 §3.2 prescribes when the
// server sends none.
const DefaultInterval = 5 * time.Second

// DeviceCode is the canonical device authorization response (RFC 8628 §3.2).
//
// DeviceCode is a secret: fmt verbs, slog and error text never show it. The
// canonical JSON (json.Marshal) is the one explicit way to obtain it whole.
type DeviceCode struct {
	Vendor Vendor
	// DeviceCode is empty where the vendor keeps it server-side (Veeam).
	DeviceCode              string
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	ExpiresIn               time.Duration
	// ExpiresAt is the issue time (from the injected clock, minus request
	// latency when known) plus ExpiresIn.
	ExpiresAt time.Time
	// Interval is the minimum wait between polls; DefaultInterval when the
	// vendor sends none, zero or null.
	Interval time.Duration
	Message  string
	// Extra keeps the response fields that have no canonical counterpart.
	Extra map[string]json.RawMessage
}
