// Package gitlab holds the Go types, client and server interfaces generated
// from specs/gitlab/openapi.json, whose bodies are the JSON Schema files
// beside it. Nothing here is written by hand except this file and cfg.yaml.
package gitlab

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../specs/gitlab/openapi.json
