//go:build tools

// tools.go pins the code generator so that `go generate` runs the
// version recorded in go.mod, never a globally installed binary.
package devicecode

import _ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
