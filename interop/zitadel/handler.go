package main

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// newHandler builds the OP for issuer base and mounts the test hooks
// and the verification page beside it.
func newHandler(base string, cfg config, l layout) (http.Handler, error) {
	st := deviceStorage{storage.NewStorageWithClients(storage.NewUserStore(base), exampleClients())}
	provider, err := op.NewProvider(opConfig(cfg, l), st, op.StaticIssuer(base),
		append([]op.Option{op.WithAllowInsecure()}, l.options()...)...)
	if err != nil {
		return nil, err
	}
	// The Server API (RegisterLegacyServer) rather than the Provider's own
	// router: only it authenticates client_secret_post at the device
	// endpoints; the Provider router checks secrets from Basic auth alone.
	oidcHandler := op.RegisterLegacyServer(op.NewLegacyServer(provider, provider.Endpoints()),
		op.AuthorizeCallbackHandler(provider))

	mux := http.NewServeMux()
	registerHooks(mux, st)
	mux.HandleFunc("GET "+l.verification, verificationPage)
	mux.Handle("/", oidcHandler)
	return logRequests(mux), nil
}

func opConfig(cfg config, l layout) *op.Config {
	c := &op.Config{
		AuthMethodPost:        true,
		GrantTypeRefreshToken: true,
		DeviceAuthorization: op.DeviceAuthorizationConfig{
			Lifetime:     cfg.lifetime,
			PollInterval: time.Duration(cfg.interval) * time.Second,
			UserFormPath: l.verification,
			UserCode:     l.userCode,
		},
	}
	// A fresh key per run: opaque access tokens from one run mean nothing
	// to the next.
	rand.Read(c.CryptoKey[:])
	return c
}

// logRequests logs one line per request on stderr, which the harness
// shows when a test fails.
func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r)
		slog.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
