package normalize

import (
	"errors"
	"sort"
	"strings"
)

// ErrInvalidResponse is what every refusal of a response matches with
// errors.Is: a *Error or a *HostError. devicecode.ErrInvalidResponse is
// the same value, so one check covers device and token answers.
var ErrInvalidResponse = errors.New("invalid server response")

// Error reports why a response did not normalize. It lists every problem
// found, not just the first, so that one run tells the whole story.
//
// The message text is not contractual; match with errors.As and read the
// fields. Neither the message nor the fields ever carry the response body or
// the device code.
type Error struct {
	Vendor   Vendor
	Problems []Problem
}

var _ error = (*Error)(nil)

// Problem is one reason a response was refused.
type Problem struct {
	// Field is a JSON pointer (RFC 6901) into the vendor response ("/user_code"),
	// or into the canonical form for a field the vendor does not send
	// ("/expires_at"); "" is the whole body.
	Field string
	// Reason says what is wrong, without echoing secret values.
	Reason string
	// Keyword is the JSON Schema keyword that failed ("type", "format", …), or
	// "" when one of the safety rules refused the value.
	Keyword string
	// Schema names the schema that said no, as a path under specs/; "" for
	// the safety rules.
	Schema string
}

// Unwrap makes a *Error match ErrInvalidResponse.
func (e *Error) Unwrap() error { return ErrInvalidResponse }

func (e *Error) Error() string {
	var b strings.Builder
	// No package or vendor prefix: the vendor package that returns it adds
	// one, and Vendor says which it was.
	b.WriteString("invalid device authorization response: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// String renders the problem as "field: reason (schema keyword)".
func (p Problem) String() string {
	field := p.Field
	if field == "" {
		field = "(body)"
	}
	s := field + ": " + p.Reason
	if p.Keyword != "" {
		s += " (" + p.Schema + " " + p.Keyword + ")"
	}
	return s
}

// problems accumulates Problems. Later stages do not repeat a field an
// earlier stage already refused: one clear reason per field beats three
// echoes of it.
type problems struct {
	list    []Problem
	refused map[string]bool
}

func (ps *problems) add(p Problem) {
	ps.list = append(ps.list, p)
	if ps.refused == nil {
		ps.refused = map[string]bool{}
	}
	ps.refused[p.Field] = true
}

func (ps *problems) addf(field, reason string) { ps.add(Problem{Field: field, Reason: reason}) }

// merge appends the problems of a later stage, skipping fields already
// refused.
func (ps *problems) merge(later []Problem) {
	seen := ps.refused
	for _, p := range later {
		if !seen[p.Field] {
			ps.add(p)
		}
	}
}

func (ps *problems) err(v Vendor) error {
	if len(ps.list) == 0 {
		return nil
	}
	// Schema validators and maps visit properties in random order; sort so
	// that the same input always reads the same.
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].Field < ps.list[j].Field })
	return &Error{Vendor: v, Problems: ps.list}
}
