package normalize

import (
	"fmt"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/devicecode/devicecode/internal/safetext"
)

// Validate checks d against the rules a person's safety needs and against
// the canonical schema (specs/canonical/device-code.schema.json). It returns
// nil or an *Error listing every problem, with fields named by their
// canonical JSON pointer. Decode calls it; callers that
// build or restore a DeviceCode themselves should too.
func (d *DeviceCode) Validate() error {
	var ps problems
	d.check(&ps, nil)
	return ps.err(d.Vendor)
}

// check runs the rules, then the canonical schema for whatever the rules
// left alone. extra holds the decoded Extra values when the caller has them.
func (d *DeviceCode) check(ps *problems, extra map[string]any) {
	ps.merge(d.rules())
	ps.merge(d.canonicalProblems(extra))
}

// rules are the checks JSON Schema cannot express, or expresses too loosely
// to protect a person (format "uri" accepts javascript:alert(1)).
func (d *DeviceCode) rules() []Problem {
	var ps problems
	if !d.Vendor.Known() {
		ps.addf("/vendor", "unknown vendor")
	}
	d.codeRules(&ps)
	verification, p := safeURI(d.VerificationURI)
	if p != "" {
		ps.addf("/verification_uri", p)
	}
	d.completeURIRules(&ps, verification)
	d.timeRules(&ps)
	if p := safetext.Problem(d.Message); p != "" {
		ps.addf("/message", p)
	}
	return ps.list
}

func (d *DeviceCode) codeRules(ps *problems) {
	// Without a device code the flow cannot be completed, unless the
	// vendor polls on the client's behalf (shapes.go).
	if d.DeviceCode == "" && !d.Vendor.keepsDeviceCode() {
		ps.addf("/device_code", "missing")
	} else if safetext.Problem(d.DeviceCode) != "" {
		ps.addf("/device_code", "contains non-printable characters")
	}
	switch n := utf8.RuneCountInString(d.UserCode); {
	case n == 0:
		ps.addf("/user_code", "missing")
	case n > MaxUserCodeLen:
		ps.addf("/user_code", fmt.Sprintf("longer than %d characters", MaxUserCodeLen))
	default:
		if p := userCodeProblem(d.UserCode); p != "" {
			ps.addf("/user_code", p)
		}
	}
}

// completeURIRules checks the complete URI; verification is the parsed
// verification URI, nil when that one was refused.
func (d *DeviceCode) completeURIRules(ps *problems, verification *url.URL) {
	if d.VerificationURIComplete == "" {
		return
	}
	complete, p := safeURI(d.VerificationURIComplete)
	if p != "" {
		ps.addf("/verification_uri_complete", p)
	} else if verification != nil && !sameOrigin(verification, complete) {
		ps.addf("/verification_uri_complete", "points at another site than verification_uri")
	}
}

func (d *DeviceCode) timeRules(ps *problems) {
	switch {
	case d.ExpiresIn <= 0:
		ps.addf("/expires_in", "lifetime must be positive")
	case d.ExpiresIn > MaxLifetime:
		ps.addf("/expires_in", "lifetime exceeds 24h")
	}
	if d.ExpiresAt.IsZero() {
		ps.addf("/expires_at", "missing")
	}
	switch {
	case d.Interval < time.Second:
		ps.addf("/interval", "must be at least 1s")
	case d.ExpiresIn > 0 && d.Interval > d.ExpiresIn:
		ps.addf("/interval", "exceeds the lifetime: the code would expire before the first poll")
	}
}
