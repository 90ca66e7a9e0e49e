package subset

import "fmt"

// MissingOperationError reports a listed operation that upstream lacks.
type MissingOperationError struct {
	Operation Operation
}

func (e *MissingOperationError) Error() string {
	return fmt.Sprintf("subset: operation %s not found upstream", e.Operation)
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
