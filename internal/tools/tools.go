//go:build tools

// Package tools pins the code generator so that `go generate` runs the
// version recorded in this module's go.mod, never a globally installed
// binary: go.work puts this module beside the root, and gen/*/generate.go's
// `go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen` resolves
// the package from the workspace. The pin lives in a module of its own
// because the root go.mod's requirements are part of every integrator's
// module graph: there, the generator would add its whole dependency graph
// (kin-openapi, the YAML and JSONPath libraries, x/tools) to theirs.
package tools

import _ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
