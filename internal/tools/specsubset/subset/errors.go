package subset

import (
	"fmt"
	"strings"
)

// MissingOperationError reports a listed operation that upstream lacks,
// with where it may have gone.
type MissingOperationError struct {
	Operation   Operation
	OperationID string      // its operationId in the previous cut, if known
	SameID      []Operation // upstream operations with that operationId
	Similar     []Operation // upstream operations of the same method with the nearest paths
}

func (e *MissingOperationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "subset: operation %s not found upstream", e.Operation)
	if len(e.SameID) > 0 {
		fmt.Fprintf(&b, "; operationId %s is upstream at %s", e.OperationID, joinOps(e.SameID))
	} else if e.OperationID != "" {
		fmt.Fprintf(&b, "; no upstream operation has its operationId %s", e.OperationID)
	}
	if len(e.Similar) > 0 {
		fmt.Fprintf(&b, "; similar upstream paths: %s", joinOps(e.Similar))
	}
	return b.String()
}

func joinOps(ops []Operation) string {
	s := make([]string, len(ops))
	for i, op := range ops {
		s[i] = op.String()
	}
	return strings.Join(s, ", ")
}

// RefError reports a $ref the subset cannot carry: remote, of an
// unsupported kind, or naming a component upstream lacks.
type RefError struct {
	Ref    string
	Reason string
}

func (e *RefError) Error() string {
	return fmt.Sprintf("subset: $ref %q: %s", e.Ref, e.Reason)
}

// InvalidError reports a document kin-openapi rejects.
type InvalidError struct {
	What string // "upstream" or "subset"
	Err  error
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("subset: %s document is not valid OpenAPI: %v", e.What, e.Err)
}

func (e *InvalidError) Unwrap() error { return e.Err }
