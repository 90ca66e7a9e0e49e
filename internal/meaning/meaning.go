// Package meaning is the one way an error is given a meaning other than
// its own: a vendor that knows what one of its answers means (Entra's
// authorization_declined is a denial; a Cohesity answer a caller's
// classifier calls final) wraps the answer in an *Error, which errors.Is
// reads as that meaning alone — not as the status-derived meaning the
// answer itself carries (a 503 would be transient) — while errors.As
// still finds the answer, and what it hands out, as it came.
package meaning

import "errors"

// Error is Err read as Meaning (nil: as nothing at all).
type Error struct {
	Meaning error  // what errors.Is sees; nil hides Err's own chain
	Err     error  // the answer, found by errors.As
	Text    string // the message, worded by the vendor
}

func (e *Error) Error() string { return e.Text }

// Unwrap is the meaning only.
func (e *Error) Unwrap() error { return e.Meaning }

// As finds what Err is or hands out.
func (e *Error) As(target any) bool { return errors.As(e.Err, target) }
