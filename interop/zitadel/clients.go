package main

import (
	"context"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The registered clients. internal/interop (root module) repeats these
// values because it must not import this module; README.md lists them.
const (
	publicClientID    = "devicecode-public"
	basicClientID     = "devicecode-basic"
	basicClientSecret = "devicecode-basic-secret"
	postClientID      = "devicecode-post"
	postClientSecret  = "devicecode-post-secret"
	defaultSubject    = "id1" // a user of the example user store
)

// clientSpec is what the example storage's constructors cannot express:
// its DeviceClient is always a confidential client_secret_basic client
// without the refresh_token grant.
type clientSpec struct {
	secret     string
	authMethod oidc.AuthMethod
	appType    op.ApplicationType
}

var clientSpecs = map[string]clientSpec{
	publicClientID: {authMethod: oidc.AuthMethodNone, appType: op.ApplicationTypeNative},
	basicClientID:  {secret: basicClientSecret, authMethod: oidc.AuthMethodBasic, appType: op.ApplicationTypeWeb},
	postClientID:   {secret: postClientSecret, authMethod: oidc.AuthMethodPost, appType: op.ApplicationTypeWeb},
}

// exampleClients registers every client with the example storage, which
// keeps the secrets and refuses device authorizations of unknown clients.
func exampleClients() map[string]*storage.Client {
	m := make(map[string]*storage.Client, len(clientSpecs))
	for id, spec := range clientSpecs {
		m[id] = storage.DeviceClient(id, spec.secret)
	}
	return m
}

// deviceStorage is the example storage with our client table on top.
type deviceStorage struct {
	*storage.Storage
}

// GetClientByClientID hands the OP our view of the client: the auth
// method, application type and grants the example cannot set.
func (s deviceStorage) GetClientByClientID(ctx context.Context, clientID string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return deviceClient{Client: c, spec: clientSpecs[clientID]}, nil
}

type deviceClient struct {
	op.Client
	spec clientSpec
}

func (c deviceClient) AuthMethod() oidc.AuthMethod         { return c.spec.authMethod }
func (c deviceClient) ApplicationType() op.ApplicationType { return c.spec.appType }

// GrantTypes adds refresh_token so offline_access yields a refresh token.
func (c deviceClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeDeviceCode, oidc.GrantTypeRefreshToken}
}

// CreateAccessAndRefreshTokens records the client on refresh tokens of
// the device flow. The example storage stores them with no client (it
// knows only its own request types), so every refresh_token grant would
// fail with invalid_grant; it takes the client from a RefreshTokenRequest.
func (s deviceStorage) CreateAccessAndRefreshTokens(ctx context.Context, request op.TokenRequest, currentRefreshToken string) (string, string, time.Time, error) {
	if state, ok := request.(*op.DeviceAuthorizationState); ok && currentRefreshToken == "" {
		request = storage.RefreshTokenRequestFromBusiness(&storage.RefreshToken{
			ApplicationID: state.ClientID,
			UserID:        state.Subject,
			Audience:      state.GetAudience(),
			Scopes:        state.Scopes,
			AuthTime:      state.AuthTime,
			AMR:           state.AMR,
		})
	}
	return s.Storage.CreateAccessAndRefreshTokens(ctx, request, currentRefreshToken)
}
