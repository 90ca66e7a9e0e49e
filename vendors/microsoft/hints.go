package microsoft

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/devicecode/devicecode"
)

// aadstsPublicClientDisabled: "The request body must contain the
// following parameter: 'client_assertion' or 'client_secret'" — the app
// registration does not allow public client flows.
const aadstsPublicClientDisabled = 7000218

// Error is an Entra ID error answer: the engine's error for it, whose
// *devicecode.OAuthError stays unchanged (errors.As finds it), plus what
// Entra adds to RFC 6749 §5.2, decoded from the OAuthError's Extra
// members. Quote TraceID and CorrelationID in a support request.
type Error struct {
	// ErrorCodes are the AADSTS numbers ("error_codes": [70016]).
	ErrorCodes    []int
	TraceID       string
	CorrelationID string
	// Err is the server's answer as the engine decoded it.
	Err *devicecode.OAuthError
	// chain is the engine's whole error, with the meaning it gave a
	// vendor code (authorization_declined reads as ErrAccessDenied).
	chain error
}

var _ error = (*Error)(nil)

// Error is the engine's text; Entra's description already names the AADSTS
// code, and the ids are for support, not for the user.
func (e *Error) Error() string { return e.chain.Error() }

// Unwrap returns the engine's error, so errors.Is sees the sentinel the
// engine or this package's code table gave it.
func (e *Error) Unwrap() error { return e.chain }

// explain wraps an Entra error answer in *Error, adding what an
// administrator can do about the AADSTS codes we know. The engine's error
// is wrapped, never edited.
func explain(_ string, err error) error {
	var oe *devicecode.OAuthError
	if errors.As(err, &oe) {
		e := decodeEntra(oe)
		e.chain = err
		err = e
		if slices.Contains(e.ErrorCodes, aadstsPublicClientDisabled) {
			return fmt.Errorf("%w (the app registration does not allow public client flows: "+
				"set \"Allow public client flows\" to Yes, or use a client secret)", err)
		}
	}
	if errors.Is(err, devicecode.ErrDeviceFlowUnsupported) {
		return fmt.Errorf("%w (check the authority host and tenant)", err)
	}
	return err
}

// decodeEntra reads Entra's members, which the vendor-neutral engine keeps
// verbatim in Extra. A malformed member is ignored: it must not hide the
// RFC error it came with.
func decodeEntra(oe *devicecode.OAuthError) *Error {
	e := &Error{Err: oe}
	member(oe, "error_codes", &e.ErrorCodes)
	member(oe, "trace_id", &e.TraceID)
	member(oe, "correlation_id", &e.CorrelationID)
	return e
}

// member decodes one Extra member into dst, leaving dst alone when the
// member is absent or malformed.
func member[T any](oe *devicecode.OAuthError, key string, dst *T) {
	var v T
	if raw, ok := oe.Extra[key]; ok && json.Unmarshal(raw, &v) == nil {
		*dst = v
	}
}
