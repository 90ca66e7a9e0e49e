package microsoft

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/devicecode/devicecode/deviceflow"
)

// aadstsPublicClientDisabled: "The request body must contain the
// following parameter: 'client_assertion' or 'client_secret'" — the app
// registration does not allow public client flows.
const aadstsPublicClientDisabled = 7000218

// Error is an Entra ID error answer: the engine's *deviceflow.OAuthError
// (unchanged, reachable with errors.As) plus what Entra adds to RFC 6749
// §5.2, decoded from its Extra members. Quote TraceID and CorrelationID in
// a support request.
type Error struct {
	// ErrorCodes are the AADSTS numbers ("error_codes": [70016]).
	ErrorCodes    []int
	TraceID       string
	CorrelationID string
	Err           *deviceflow.OAuthError
}

var _ error = (*Error)(nil)

// Error is the engine's text; Entra's description already names the AADSTS
// code, and the ids are for support, not for the user.
func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the engine's error, so errors.Is sees its sentinel.
func (e *Error) Unwrap() error { return e.Err }

// explain wraps an Entra error answer in *Error, adding what an
// administrator can do about the AADSTS codes we know. err may already be
// wrapped by the engine (a vendor code mapped onto a sentinel), so the
// wrapper goes around the whole chain: the engine's error is never edited.
func explain(_ string, err error) error {
	var oe *deviceflow.OAuthError
	if !errors.As(err, &oe) {
		if errors.Is(err, deviceflow.ErrDeviceFlowUnsupported) {
			return fmt.Errorf("%w (check the authority host and tenant)", err)
		}
		return err
	}
	e := decodeEntra(oe)
	wrapped := &entraChain{info: e, err: err}
	switch {
	case slices.Contains(e.ErrorCodes, aadstsPublicClientDisabled):
		return fmt.Errorf("%w (the app registration does not allow public client flows: "+
			"set \"Allow public client flows\" to Yes, or use a client secret)", wrapped)
	case errors.Is(err, deviceflow.ErrDeviceFlowUnsupported):
		return fmt.Errorf("%w (check the authority host and tenant)", wrapped)
	}
	return wrapped
}

// entraChain keeps the engine's chain (with any mapped sentinel) while
// errors.As finds the *Error.
type entraChain struct {
	info *Error
	err  error
}

func (c *entraChain) Error() string { return c.err.Error() }

func (c *entraChain) Unwrap() []error { return []error{c.info, c.err} }

// decodeEntra reads Entra's members, which the vendor-neutral engine keeps
// verbatim in Extra. A malformed member is ignored: it must not hide the
// RFC error it came with.
func decodeEntra(oe *deviceflow.OAuthError) *Error {
	e := &Error{Err: oe}
	member(oe, "error_codes", &e.ErrorCodes)
	member(oe, "trace_id", &e.TraceID)
	member(oe, "correlation_id", &e.CorrelationID)
	return e
}

// member decodes one Extra member into dst, leaving dst alone when the
// member is absent or malformed.
func member[T any](oe *deviceflow.OAuthError, key string, dst *T) {
	var v T
	if raw, ok := oe.Extra[key]; ok && json.Unmarshal(raw, &v) == nil {
		*dst = v
	}
}
