// Package jsonstrict finds what encoding/json lets pass silently but a
// security boundary must not: a member that appears twice in one object.
// encoding/json keeps the last value, other parsers the first; when two
// components read the same bytes differently (a proxy, a log pipeline, our
// schema check and our decoder), a duplicate smuggles one value past the
// check of the other. RFC 8259 §4 says names SHOULD be unique; we refuse
// the ones that are not. Unmarshal is the one decode of untrusted JSON
// that refuses them; Duplicate alone serves a reader with a faster check
// of its own (the engine's error answers, sent on every pending poll).
package jsonstrict

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode"
)

// MaxDepth is encoding/json's own nesting limit: deeper documents are
// refused by the decoder anyway, so the scan stops there instead of
// spending memory on them.
const MaxDepth = 10000

// Duplicate reports the first member name that occurs twice in one object
// of the JSON text b, at any depth, as a JSON pointer (RFC 6901) to the
// repeated member. Names are compared after unescaping, so "a" and
// "\u0061" are the same member. Malformed or too deeply nested JSON reports
// nothing: the caller's decoder refuses it, in its own words. Memory is
// linear in the depth; the pointer is built only for the duplicate.
func Duplicate(b []byte) (pointer string, found bool) { return scan(b, exact) }

// duplicateFold is Duplicate for bytes that encoding/json decodes into a
// struct, where member names match fields case-insensitively: in the
// top-level object "device_code" and "DEVICE_CODE" are the same member
// too. Deeper objects are compared exactly, as maps keep both.
func duplicateFold(b []byte) (pointer string, found bool) { return scan(b, foldTop) }

// duplicateFoldAll is duplicateFold for bytes decoded into structs at
// every depth (a list of objects decoded into a slice of structs): names
// are compared case-insensitively in every object.
func duplicateFoldAll(b []byte) (pointer string, found bool) { return scan(b, foldAll) }

// The letter-case modes of a scan.
const (
	exact = iota
	foldTop
	foldAll
)

var errDuplicate = errors.New("duplicate member")

func scan(b []byte, fold int) (string, bool) {
	if !bytes.Contains(b, []byte(`"`)) {
		return "", false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	s := &scanner{dec: dec, fold: fold}
	if err := s.value(); errors.Is(err, errDuplicate) {
		return s.pointer(), true
	}
	return "", false
}

type scanner struct {
	dec  *json.Decoder
	fold int
	path []string // reference tokens down to the value being scanned
}

// value walks the value that starts at the next token.
func (s *scanner) value() error {
	tok, err := s.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		return s.nested(s.object)
	case json.Delim('['):
		return s.nested(s.array)
	}
	return nil
}

// nested runs walk one level deeper, refusing depths encoding/json would.
func (s *scanner) nested(walk func() error) error {
	if len(s.path) >= MaxDepth {
		return errors.New("too deep")
	}
	return walk()
}

func (s *scanner) object() error {
	seen := map[string]bool{}
	fold := s.fold == foldAll || (s.fold == foldTop && len(s.path) == 0)
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		key := name
		if fold {
			key = foldKey(name)
		}
		s.path = append(s.path, name)
		if seen[key] {
			return errDuplicate
		}
		seen[key] = true
		if err := s.value(); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
	}
	_, err := s.dec.Token() // the closing brace
	return err
}

func (s *scanner) array() error {
	s.path = append(s.path, "")
	for i := 0; s.dec.More(); i++ {
		s.path[len(s.path)-1] = strconv.Itoa(i)
		if err := s.value(); err != nil {
			return err
		}
	}
	s.path = s.path[:len(s.path)-1]
	_, err := s.dec.Token()
	return err
}

// pointer is the JSON pointer of the current path (RFC 6901 §3).
func (s *scanner) pointer() string {
	var b strings.Builder
	esc := strings.NewReplacer("~", "~0", "/", "~1")
	for _, t := range s.path {
		b.WriteByte('/')
		b.WriteString(esc.Replace(t))
	}
	return b.String()
}

// foldKey maps name to one representative of its case-folding class, the
// equivalence encoding/json uses to match member names to struct fields
// (each rune becomes the smallest rune of its unicode.SimpleFold orbit).
func foldKey(name string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
			least = min(least, c)
		}
		return least
	}, name)
}
