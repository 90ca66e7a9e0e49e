package devicecode

import "fmt"

// RequestMemberError is a request the client refused to send: the
// vendor's spec (package specs) requires Member in the request body of
// Operation, and the body leaves it out or holds the zero value a Go
// struct field has when nobody set it — an empty string, the zero UUID,
// null. A generated client compiles with a member that upstream newly
// requires and would otherwise send its zero value; this error names the
// member instead, and nothing reaches the server. It is terminal: retrying
// sends the same body.
type RequestMemberError struct {
	Vendor    string // "veeam", "cohesity", "gitlab", "microsoft"
	Operation string // the spec's operation, e.g. "POST /Organizations"
	Member    string // dotted from the body's root, e.g. "applicationId"
	Reason    string // "missing", "empty", "the zero UUID", "null"
}

var _ error = (*RequestMemberError)(nil)

func (e *RequestMemberError) Error() string {
	return fmt.Sprintf("%s: request not sent: %s requires the member %q, which is %s", e.Vendor, e.Operation, e.Member, e.Reason)
}
