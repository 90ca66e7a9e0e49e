package devicetest

import "cmp"

// Undocumented chooses the Entra fake's answers where Microsoft documents
// none. The zero value is the answer the fake finds likeliest (RFC 6749's
// where it has one); a test of a client that must survive either answer
// runs both. GitLab's answers are Doorkeeper's, read in its source, so
// they have no options.
type Undocumented struct {
	// ForeignCodeError is the error for a device code presented by
	// another client; "" is RFC 6749 §5.2's invalid_grant.
	ForeignCodeError string
	// UsedCodeError is the error for a device code whose token was
	// issued; "" is bad_verification_code, Entra's answer for a code it
	// does not know.
	UsedCodeError string
	// BareDeviceCodeGrant accepts grant_type=device_code (ADAL's v1
	// spelling) beside RFC 8628's URN; by default it is
	// unsupported_grant_type.
	BareDeviceCodeGrant bool
}

// foreignCode is the error for another client's device code.
func (u Undocumented) foreignCode() string { return cmp.Or(u.ForeignCodeError, "invalid_grant") }

// usedCode is the error for a redeemed device code.
func (u Undocumented) usedCode() string { return cmp.Or(u.UsedCodeError, "bad_verification_code") }
