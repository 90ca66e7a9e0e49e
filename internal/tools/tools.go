//go:build tools

// Package tools pins the code generator so that `go generate` runs the
// version recorded in go.mod, never a globally installed binary. It lives
// in a package no one imports: in the root package, which integrators
// import, `go mod tidy` (which ignores build tags) would add the
// generator's whole dependency graph to every consumer's module.
package tools

import _ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
