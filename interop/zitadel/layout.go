package main

import (
	"fmt"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// layout is where a vendor puts its RFC 8628 endpoints, so the same
// zitadel OP can stand in for GitLab or Entra ID at the URL shape our
// vendor packages build.
type layout struct {
	deviceAuthorization string
	token               string
	// verification is the user-facing page the device authorization
	// response names in verification_uri.
	verification string
	userCode     op.UserCodeConfig
}

// layoutFor resolves the -layout flag. tenant is used by microsoft only.
func layoutFor(name, tenant string) (layout, error) {
	switch name {
	case "default":
		// zitadel's own defaults.
		return layout{
			deviceAuthorization: "/device_authorization",
			token:               "/oauth/token",
			verification:        "/device",
			userCode:            op.UserCodeBase20,
		}, nil
	case "gitlab":
		// GitLab (doorkeeper-device_authorization_grant): 8 characters, no dash.
		return layout{
			deviceAuthorization: "/oauth/authorize_device",
			token:               "/oauth/token",
			verification:        "/oauth/device",
			userCode:            op.UserCodeConfig{CharSet: op.CharSetBase20 + op.CharSetDigits, CharAmount: 8},
		}, nil
	case "microsoft":
		// Entra ID v2: tenant in the path, 9-character codes, no dash.
		if tenant == "" {
			return layout{}, fmt.Errorf("layout microsoft needs -tenant")
		}
		return layout{
			deviceAuthorization: "/" + tenant + "/oauth2/v2.0/devicecode",
			token:               "/" + tenant + "/oauth2/v2.0/token",
			verification:        "/devicelogin",
			userCode:            op.UserCodeConfig{CharSet: op.CharSetBase20, CharAmount: 9},
		}, nil
	}
	return layout{}, fmt.Errorf("unknown layout %q (want gitlab, microsoft or default)", name)
}

// options are the op.Options that move the endpoints.
func (l layout) options() []op.Option {
	return []op.Option{
		op.WithCustomDeviceAuthorizationEndpoint(op.NewEndpoint(l.deviceAuthorization)),
		op.WithCustomTokenEndpoint(op.NewEndpoint(l.token)),
	}
}
