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

// explain wraps err for op, adding what an administrator can do about the
// AADSTS codes we know.
func explain(op string, err error) error {
	var oe *deviceflow.OAuthError
	if errors.As(err, &oe) {
		decodeAADSTS(oe)
	}
	switch {
	case errors.As(err, &oe) && slices.Contains(oe.VendorCodes, aadstsPublicClientDisabled):
		return fmt.Errorf("microsoft: %s: %w (the app registration does not allow public client flows: "+
			"set \"Allow public client flows\" to Yes, or use a client secret)", op, err)
	case errors.Is(err, deviceflow.ErrDeviceFlowUnsupported):
		return fmt.Errorf("microsoft: %s: %w (check the authority host and tenant)", op, err)
	}
	return fmt.Errorf("microsoft: %s: %w", op, err)
}

// decodeAADSTS fills VendorCodes from Entra's "error_codes" member, which
// the vendor-neutral engine keeps verbatim in Extra. A malformed member is
// left in Extra and ignored: it must not hide the RFC error it came with.
func decodeAADSTS(oe *deviceflow.OAuthError) {
	var codes []int
	if raw, ok := oe.Extra["error_codes"]; ok && oe.VendorCodes == nil && json.Unmarshal(raw, &codes) == nil {
		oe.VendorCodes = codes
	}
}
