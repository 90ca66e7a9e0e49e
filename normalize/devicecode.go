// Package normalize maps every vendor's device authorization response onto
// one canonical DeviceCode (RFC 8628 §3.2), validated against the vendor's
// schema from specs/ and the canonical schema.
//
// Decode takes the raw response body, which is what vendor packages and
// tools hold, and applies the vendor schema, the canonical schema and the
// safety rules of (*DeviceCode).Validate, reporting every problem at once in
// an *Error. The package imports no vendor and no generated client: vendor
// packages hand it bytes (decoding a generated struct first would let
// encoding/json's case-insensitive key matching read a hostile body
// differently from the schema check).
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

// Vendors lists every supported vendor, in the order the CLI documents them.
func Vendors() []Vendor { return []Vendor{GitLab, Microsoft, Cohesity, Veeam} }

// Known reports whether v is a supported vendor.
func (v Vendor) Known() bool {
	switch v {
	case GitLab, Microsoft, Cohesity, Veeam:
		return true
	}
	return false
}

// DefaultInterval is the polling interval RFC 8628 §3.2 prescribes when the
// server sends none.
const DefaultInterval = 5 * time.Second

// MaxLifetime bounds ExpiresIn: no vendor issues codes for longer, and a
// larger value is a broken or hostile server keeping a prompt open for days.
const MaxLifetime = 24 * time.Hour

// MaxUserCodeLen is the longest user code, in characters, that we show a
// person: real codes are 8–12 characters; anything longer is not meant to
// be typed.
const MaxUserCodeLen = 64

// MaxBodyBytes is the largest response body Decode accepts, and the
// default cap of every response the SDK reads (the vendor clients' HTTP client).
// Real responses are a few hundred bytes; a misbehaving server must not
// exhaust memory.
const MaxBodyBytes = 1 << 20

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
