// Package cohesity holds the types, client and server interfaces generated
// from specs/cohesity/openapi.json: Cohesity v2's Microsoft 365 device
// authorization operations. Do not edit cohesity.gen.go; change the spec or
// cfg.yaml and run go generate.
package cohesity

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../specs/cohesity/openapi.json
