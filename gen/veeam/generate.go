// Package veeam holds the wire types, client and server interfaces
// generated from specs/veeam/openapi.json, the subset of the Veeam Backup
// for Microsoft 365 REST API (cut from v8, version prefix stripped) that devicecode uses. Do not edit
// veeam.gen.go: change the spec (make sync-veeam) or cfg.yaml and run
// go generate ./gen/veeam/...
package veeam

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../specs/veeam/openapi.json
