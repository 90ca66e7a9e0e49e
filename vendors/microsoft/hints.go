package microsoft

import (
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
	switch {
	case errors.As(err, &oe) && slices.Contains(oe.VendorCodes, aadstsPublicClientDisabled):
		return fmt.Errorf("microsoft: %s: %w (the app registration does not allow public client flows: "+
			"set \"Allow public client flows\" to Yes, or use a client secret)", op, err)
	case errors.Is(err, deviceflow.ErrDeviceFlowUnsupported):
		return fmt.Errorf("microsoft: %s: %w (check the authority host and tenant)", op, err)
	}
	return fmt.Errorf("microsoft: %s: %w", op, err)
}
