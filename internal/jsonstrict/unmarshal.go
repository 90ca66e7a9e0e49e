package jsonstrict

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Mode says how Unmarshal reads: where member names compare in any letter
// case, as encoding/json matches them to struct fields, and how values
// decode. The zero Mode compares names exactly and decodes as
// json.Unmarshal does.
type Mode uint8

const (
	// FoldTop is for b decoded into a struct: the top-level object's names
	// compare in any letter case ("device_code" and "DEVICE_CODE" are one
	// member); deeper objects, maps, compare exactly.
	FoldTop Mode = 1 << iota
	// FoldAll is for structs at every depth (a list of objects decoded into a
	// slice of structs); names compare in any letter case everywhere.
	FoldAll
	// Numbers decodes the numbers of an interface value as json.Number.
	Numbers
	// Strict refuses members the struct has no field for.
	Strict
)

// DuplicateError is a member that appears twice in one object. Pointer
// (RFC 6901) names the repeated member as the bytes spell it: show it
// sanitized.
type DuplicateError struct{ Pointer string }

func (e *DuplicateError) Error() string { return "the member " + e.Pointer + " appears twice" }

// ErrTrailing is data after the one JSON value.
var ErrTrailing = errors.New("data after the JSON value")

// Unmarshal is the one decode of untrusted JSON: it refuses a member that
// appears twice in any object (a *DuplicateError), then decodes b into v
// with encoding/json, which refuses anything but one JSON value of v's
// shape (any other error is encoding/json's, or ErrTrailing).
func Unmarshal(b []byte, v any, mode Mode) error {
	fold := exact
	switch {
	case mode&FoldAll != 0:
		fold = foldAll
	case mode&FoldTop != 0:
		fold = foldTop
	}
	if ptr, dup := scan(b, fold); dup {
		return &DuplicateError{Pointer: ptr}
	}
	if mode&(Numbers|Strict) == 0 {
		return json.Unmarshal(b, v)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if mode&Numbers != 0 {
		dec.UseNumber()
	}
	if mode&Strict != 0 {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	// Only whitespace may follow; cheaper than another Token call.
	if len(bytes.TrimLeft(b[dec.InputOffset():], " \t\r\n")) > 0 {
		return ErrTrailing
	}
	return nil
}
