// Package microsoft holds the types, client and server interfaces generated
// from specs/microsoft/openapi.json: the Microsoft identity platform's device
// authorization and token endpoints, v2.0 and legacy v1. Do not edit
// microsoft.gen.go; change the spec or cfg.yaml and run go generate.
package microsoft

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../specs/microsoft/openapi.json
